package dev.mainstay.spring.internal;

import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.spring.MainstayConfigurationException;
import dev.mainstay.spring.ModelCall;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * What the aspect worked out once per annotated method: which argument is the request, what the
 * method returns, and its fallback method.
 *
 * @param client the client name
 * @param signature a short signature for cache keys and messages
 * @param requestIndex the request argument's index, or -1
 * @param requestIsString whether that argument is a String (else a ModelRequest)
 * @param returnsString whether the method returns String
 * @param returnsResponse whether the method returns ModelResponse
 * @param fallback the fallback method, or null
 * @param fallbackTakesThrowable whether the fallback takes the failure as its last parameter
 * @param fallbackClient the fallback client's name, or empty
 */
record MethodPlan(
    String client,
    String signature,
    int requestIndex,
    boolean requestIsString,
    boolean returnsString,
    boolean returnsResponse,
    @Nullable Method fallback,
    boolean fallbackTakesThrowable,
    String fallbackClient) {

  boolean textResult() {
    return returnsString || returnsResponse;
  }

  static MethodPlan of(Method method, Class<?> targetClass, ModelCall annotation) {
    String where = "@ModelCall on " + targetClass.getName() + "." + method.getName();
    String client = annotation.value();
    if (client.isEmpty()) {
      throw new MainstayConfigurationException(where, "names no client; use @ModelCall(\"<client>\")", null);
    }
    Class<?>[] params = method.getParameterTypes();
    int index = -1;
    boolean isString = false;
    for (int i = 0; i < params.length; i++) {
      if (ModelRequest.class.isAssignableFrom(params[i])) {
        index = i;
        isString = false;
        break;
      }
      if (index < 0 && params[i] == String.class) {
        index = i;
        isString = true;
      }
    }
    Class<?> ret = method.getReturnType();
    Method fallback = null;
    boolean takesThrowable = false;
    String fallbackName = annotation.fallbackMethod();
    if (!fallbackName.isEmpty()) {
      fallback = find(targetClass, fallbackName, params, true);
      takesThrowable = fallback != null;
      if (fallback == null) {
        fallback = find(targetClass, fallbackName, params, false);
      }
      if (fallback == null) {
        throw new MainstayConfigurationException(where + ".fallbackMethod",
            "no method " + fallbackName + " with the same parameters (optionally plus a Throwable) in "
                + targetClass.getName(), null);
      }
      if (!ret.isAssignableFrom(fallback.getReturnType()) && !(ret == void.class && fallback.getReturnType() == void.class)) {
        throw new MainstayConfigurationException(where + ".fallbackMethod",
            fallbackName + " must return " + ret.getName(), null);
      }
      fallback.setAccessible(true);
    }
    boolean returnsString = ret == String.class;
    boolean returnsResponse = ModelResponse.class.isAssignableFrom(ret);
    if (!annotation.fallbackClient().isEmpty() && (index < 0 || !(returnsString || returnsResponse))) {
      throw new MainstayConfigurationException(where + ".fallbackClient",
          "a fallback client needs a String or ModelRequest argument and a String or ModelResponse result", null);
    }
    String signature = targetClass.getName() + "#" + method.getName() + "/" + params.length;
    return new MethodPlan(client, signature, index, isString, returnsString, returnsResponse,
        fallback, takesThrowable, annotation.fallbackClient());
  }

  private static @Nullable Method find(Class<?> type, String name, Class<?>[] params, boolean withThrowable) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (!m.getName().equals(name) || Modifier.isStatic(m.getModifiers())) {
          continue;
        }
        Class<?>[] p = m.getParameterTypes();
        int n = params.length + (withThrowable ? 1 : 0);
        if (p.length != n) {
          continue;
        }
        boolean match = true;
        for (int i = 0; i < params.length; i++) {
          if (!p[i].equals(params[i])) {
            match = false;
            break;
          }
        }
        if (match && withThrowable && !p[params.length].isAssignableFrom(dev.mainstay.core.ModelException.class)) {
          match = false;
        }
        if (match) {
          return m;
        }
      }
    }
    return null;
  }
}
