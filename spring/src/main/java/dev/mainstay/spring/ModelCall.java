package dev.mainstay.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;

/**
 * Runs a Mainstay client's stages around a bean method that calls a model (through Spring AI,
 * LangChain4j or a plain HTTP client): the method body becomes the client's endpoint.
 *
 * <pre>{@code
 * @ModelCall(value = "chat", fallbackMethod = "cannedAnswer")
 * public String answer(String question) {
 *   return chatClient.prompt(question).call().content();   // Spring AI, say
 * }
 *
 * String cannedAnswer(String question, Throwable failure) { return "Please try again later."; }
 * }</pre>
 *
 * <p><b>What runs, in the library's order:</b> tracing and metrics, access policy, input guard,
 * cache, output guard, limits, then the route (retries, breaker, attempt timeout, drift taps) whose
 * one endpoint is the method body. Settings come from {@code mainstay.clients.<value>}; its
 * {@code endpoints} are not used here (a client may have none).
 *
 * <p><b>The request.</b> The first {@link dev.mainstay.core.ModelRequest} argument is the request;
 * otherwise the first {@code String} argument becomes a chat request with that user text. The
 * input guard scans it before the method runs: a blocked prompt never reaches the method, and a
 * redacted one replaces the argument. Methods with neither run the stages that do not need text
 * (no cache).
 *
 * <p><b>The result.</b> A {@code String} or {@link dev.mainstay.core.ModelResponse} result passes
 * through the output guard and may be cached; other result types are returned as the method
 * returned them and are never cached.
 *
 * <p><b>Failures.</b> An exception from the method fails the attempt ({@code
 * java.util.concurrent.TimeoutException} and socket timeouts as {@code TIMEOUT}, {@code
 * IllegalArgumentException} as {@code INVALID_REQUEST}, which is not retried, anything else as
 * {@code TRANSIENT}), so the route retries it. When the call fails for good, {@link
 * #fallbackMethod()} or {@link #fallbackClient()} answers instead — but never for guard and policy
 * rejections ({@code INPUT_REJECTED}, {@code OUTPUT_REJECTED}, {@code ACCESS_DENIED}, {@code
 * BUDGET_EXCEEDED}, {@code INVALID_REQUEST}), so a fallback cannot bypass a guard. Without a
 * fallback the caller gets the {@link dev.mainstay.core.ModelException}.
 *
 * <p><b>Ordering.</b> The aspect's order is {@link #DEFAULT_ORDER} (settable with {@code
 * mainstay.annotation.order}): outside {@code @Transactional} and {@code @Cacheable}, so each
 * attempt runs inside its own transaction and Spring's cache is consulted only after the guards.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ModelCall {

  /**
   * The aspect's default order: {@code Ordered.LOWEST_PRECEDENCE - 1000}, ahead of (outside)
   * Spring's transaction and cache interceptors, which default to {@code LOWEST_PRECEDENCE}.
   */
  int DEFAULT_ORDER = Integer.MAX_VALUE - 1000;

  /**
   * The client whose stages run: a key of {@code mainstay.clients}.
   *
   * @return the client name
   */
  @AliasFor("client")
  String value() default "";

  /**
   * Alias of {@link #value()}.
   *
   * @return the client name
   */
  @AliasFor("value")
  String client() default "";

  /**
   * A method of the same bean answering when the call fails for good. It takes the same
   * parameters, optionally followed by a {@code Throwable} (or {@code ModelException}) parameter,
   * and returns the same type.
   *
   * @return the method name, or empty for none
   */
  String fallbackMethod() default "";

  /**
   * Another configured client answering the same request when the call fails for good (after
   * {@link #fallbackMethod()}, if that fails too). Only for methods returning {@code String} or
   * {@code ModelResponse} with a request argument.
   *
   * @return the client name, or empty for none
   */
  String fallbackClient() default "";
}
