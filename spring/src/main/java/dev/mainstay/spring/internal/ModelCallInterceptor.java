package dev.mainstay.spring.internal;

import dev.mainstay.cache.CacheAttributes;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.spring.MainstayClients;
import dev.mainstay.spring.MainstayConfigurationException;
import dev.mainstay.spring.MainstayProperties;
import dev.mainstay.spring.ModelCall;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Runs a {@code @ModelCall} method through its client: builds the request from the arguments,
 * registers the invocation with the client's {@link InvocationEndpoint}, calls the client (whose
 * attempts run the method body), and maps the answer back to the method's return type, or falls
 * back.
 */
public final class ModelCallInterceptor implements MethodInterceptor {
  /** Failures no fallback may answer: a fallback must not bypass a guard or a policy. */
  static final Set<ErrorKind> NO_FALLBACK = EnumSet.of(ErrorKind.INPUT_REJECTED, ErrorKind.OUTPUT_REJECTED,
      ErrorKind.ACCESS_DENIED, ErrorKind.BUDGET_EXCEEDED, ErrorKind.INVALID_REQUEST);

  /** Invocation ids: unique in this process (a random prefix, then a sequence). */
  private static final String PREFIX = "mc-" + Long.toHexString(new java.security.SecureRandom().nextLong()) + "-";

  private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

  private final InvocationClients invocations;
  private final MainstayClients clients;
  /** Per (method, bean class): one inherited method may serve beans with different fallbacks. */
  private final Map<MethodClassKey, MethodPlan> plans = new ConcurrentHashMap<>();

  /**
   * Creates the interceptor.
   *
   * @param invocations the invocation clients
   * @param clients the configured clients (fallback clients)
   */
  public ModelCallInterceptor(InvocationClients invocations, MainstayClients clients) {
    this.invocations = invocations;
    this.clients = clients;
  }

  /**
   * Works out (and caches) the plan of an annotated method; fails with the annotation named when
   * it is invalid.
   *
   * @param method the method
   * @param targetClass the bean class
   */
  void check(Method method, Class<?> targetClass) {
    plan(method, targetClass);
  }

  private MethodPlan plan(Method method, Class<?> targetClass) {
    return plans.computeIfAbsent(new MethodClassKey(method, targetClass), k -> {
      Method m = AopUtils.getMostSpecificMethod(method, targetClass);
      ModelCall annotation = AnnotatedElementUtils.findMergedAnnotation(m, ModelCall.class);
      if (annotation == null) {
        throw new IllegalStateException("not a @ModelCall method: " + m);
      }
      MethodPlan plan = MethodPlan.of(m, targetClass, annotation);
      invocations.get(plan.client());
      if (!plan.fallbackClient().isEmpty()) {
        String key = "@ModelCall on " + targetClass.getName() + "." + m.getName() + ".fallbackClient";
        ClientAssembly.requireClient(invocations.properties(), plan.fallbackClient(), key);
        MainstayProperties.Client fallback = invocations.properties().getClients().get(plan.fallbackClient());
        if (fallback == null || fallback.getEndpoints().isEmpty()) {
          // Such a client only runs @ModelCall bodies: it has nothing of its own to answer with.
          throw new MainstayConfigurationException(key, "client '" + plan.fallbackClient()
              + "' has no endpoints under mainstay.clients." + plan.fallbackClient()
              + ".endpoints; a fallback client must call endpoints of its own", null);
        }
      }
      return plan;
    });
  }

  @Override
  public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
    Object target = invocation.getThis();
    if (!(invocation instanceof ProxyMethodInvocation) || target == null) {
      return invocation.proceed();
    }
    MethodPlan plan = plan(invocation.getMethod(), AopUtils.getTargetClass(target));
    InvocationClients.Entry entry = invocations.get(plan.client());
    Object[] args = invocation.getArguments().clone();
    String id = PREFIX + Long.toHexString(SEQUENCE.incrementAndGet());
    ModelRequest original = originalRequest(plan, args);
    ModelRequest.Builder b = (original == null ? placeholder(plan) : original).toBuilder()
        .attribute(InvocationEndpoint.ATTRIBUTE, id)
        .attribute(ClientFactory.METHOD_ATTRIBUTE, plan.signature());
    if (original == null || !plan.textResult()) {
      b.attribute(CacheAttributes.CACHE, CacheAttributes.NO_CACHE + "," + CacheAttributes.NO_STORE);
    } else {
      // only a cacheable call needs the other arguments in its cache key
      if (args.length > 1) {
        b.attribute(ClientFactory.ARGS_ATTRIBUTE, digestOtherArgs(args, plan.requestIndex()));
      }
      if (plan.requestIsString()) {
        b.attribute(CacheAttributes.CACHE, CacheAttributes.STORE);
      }
    }
    if (original == null || original.requestId() == null) {
      b.requestId(id);
    }
    ModelRequest request = b.build();
    PendingInvocation pending = new PendingInvocation((ProxyMethodInvocation) invocation, args, plan);
    entry.endpoint().register(id, pending);
    try {
      ModelResponse response = entry.client().call(request);
      return result(plan, pending, response);
    } catch (ModelException failure) {
      return fallback(plan, target, pending, original, failure);
    } finally {
      entry.endpoint().unregister(id);
    }
  }

  private static @Nullable Object result(MethodPlan plan, PendingInvocation pending, ModelResponse response) {
    if (plan.returnsString()) {
      return response.text();
    }
    if (plan.returnsResponse()) {
      return response;
    }
    return pending.result(response);
  }

  private @Nullable Object fallback(MethodPlan plan, Object target, PendingInvocation pending,
      @Nullable ModelRequest original, ModelException failure) throws Throwable {
    if (NO_FALLBACK.contains(failure.kind())) {
      throw failure;
    }
    Method fb = plan.fallback();
    if (fb != null) {
      Object[] a = pending.lastArgs();
      if (plan.fallbackTakesThrowable()) {
        a = Arrays.copyOf(a, a.length + 1);
        a[a.length - 1] = failure;
      }
      try {
        return fb.invoke(target, a);
      } catch (InvocationTargetException e) {
        if (plan.fallbackClient().isEmpty()) {
          throw e.getCause() == null ? e : e.getCause();
        }
        failure.addSuppressed(e.getCause() == null ? e : e.getCause());
      }
    }
    if (!plan.fallbackClient().isEmpty() && original != null) {
      ModelClient other = clients.get(plan.fallbackClient());
      ModelResponse r = other.call(original);
      return plan.returnsString() ? r.text() : r;
    }
    throw failure;
  }

  private static @Nullable ModelRequest originalRequest(MethodPlan plan, Object[] args) {
    int i = plan.requestIndex();
    if (i < 0 || args[i] == null) {
      return null;
    }
    return plan.requestIsString() ? ModelRequest.chat((String) args[i]) : (ModelRequest) args[i];
  }

  private static ModelRequest placeholder(MethodPlan plan) {
    // a method without a prompt argument: the stages that need no text still run (route, limits,
    // tracing); the cache is bypassed
    return ModelRequest.chat(plan.signature());
  }

  private static String digestOtherArgs(Object[] args, int skip) {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (int i = 0; i < args.length; i++) {
        if (i == skip) {
          continue;
        }
        byte[] b = String.valueOf(args[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        md.update(java.nio.ByteBuffer.allocate(4).putInt(b.length).array());
        md.update(b);
      }
      return java.util.HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
