package dev.mainstay.spring.internal;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Role;
import java.io.InterruptedIOException;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;

/** One call of an annotated method, waiting for the client's attempts to run its body. */
final class PendingInvocation {
  /** Response attribute naming the raw result of the attempt that produced it. */
  static final String RESULT_ATTRIBUTE = "mainstay.spring.result";

  private static final Object NULL = new Object();

  private final ProxyMethodInvocation invocation;
  private final Object[] args;
  private final MethodPlan plan;
  private final Map<String, Object> results = new ConcurrentHashMap<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private volatile Object[] lastArgs;
  private volatile boolean ended;

  PendingInvocation(ProxyMethodInvocation invocation, Object[] args, MethodPlan plan) {
    this.invocation = invocation;
    this.args = args;
    this.plan = plan;
    this.lastArgs = args;
  }

  /** The arguments of the last attempt (sanitised by the input guard), for a fallback. */
  Object[] lastArgs() {
    return lastArgs.clone();
  }

  /** Marks the call ended: attempts that found this invocation before it was removed no longer run the body. */
  void end() {
    ended = true;
  }

  /** Runs the method body for one attempt. */
  ModelResponse invoke(ModelRequest request) {
    if (ended) {
      throw new ModelException(ErrorKind.CANCELLED, "the @ModelCall call already ended");
    }
    Object[] a = args.clone();
    int i = plan.requestIndex();
    if (i >= 0) {
      a[i] = plan.requestIsString() ? userText(request) : request;
    }
    lastArgs = a;
    Object result;
    try {
      MethodInvocation copy = invocation.invocableClone(a);
      result = copy.proceed();
    } catch (ModelException e) {
      throw e;
    } catch (Throwable t) {
      if (t instanceof Error && !(t instanceof AssertionError)) {
        throw (Error) t;
      }
      throw failure(t);
    }
    if (result instanceof ModelResponse) {
      return (ModelResponse) result;
    }
    if (plan.returnsString()) {
      if (result == null) {
        throw new ModelException(ErrorKind.INVALID_OUTPUT, "the annotated method returned null");
      }
      return ModelResponse.ofText((String) result);
    }
    String id = Integer.toString(attempts.incrementAndGet());
    results.put(id, result == null ? NULL : result);
    return ModelResponse.builder(request.operation() == dev.mainstay.core.Operation.COMPLETION
            ? dev.mainstay.core.Operation.COMPLETION : dev.mainstay.core.Operation.CHAT)
        .attribute(RESULT_ATTRIBUTE, id).build();
  }

  /** The raw result behind a response of a non-text method. */
  @Nullable Object result(ModelResponse response) {
    String id = response.attributes().get(RESULT_ATTRIBUTE);
    Object r = id == null ? null : results.get(id);
    if (r == null) {
      throw new ModelException(ErrorKind.INVALID_OUTPUT, "no result recorded for the annotated method's answer");
    }
    return r == NULL ? null : r;
  }

  private static String userText(ModelRequest request) {
    List<Message> messages = request.messages();
    for (int j = messages.size() - 1; j >= 0; j--) {
      if (messages.get(j).role() == Role.USER) {
        return messages.get(j).text();
      }
    }
    return messages.isEmpty() ? "" : messages.get(messages.size() - 1).text();
  }

  /** Maps a method's exception to an attempt failure; the exception stays the cause. */
  static ModelException failure(Throwable t) {
    Throwable c = t instanceof UndeclaredThrowableException && t.getCause() != null ? t.getCause() : t;
    ErrorKind kind;
    if (c instanceof TimeoutException || c instanceof SocketTimeoutException) {
      kind = ErrorKind.TIMEOUT;
    } else if (c instanceof InterruptedException || c instanceof InterruptedIOException) {
      kind = ErrorKind.CANCELLED;
      if (c instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } else if (c instanceof IllegalArgumentException) {
      kind = ErrorKind.INVALID_REQUEST;
    } else {
      kind = ErrorKind.TRANSIENT;
    }
    return new ModelException(kind, "the annotated method threw " + c.getClass().getName(), c);
  }
}
