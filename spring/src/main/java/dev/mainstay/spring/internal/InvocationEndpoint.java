package dev.mainstay.spring.internal;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The endpoint of a {@code @ModelCall} client: it runs the annotated method. Each call of the
 * method registers a {@link PendingInvocation} under a fresh id that travels in a request
 * attribute; an attempt (on whatever thread the route runs it, hedges included) finds its
 * invocation by that id. Nothing is thread-local, so attempts on executor threads work.
 */
final class InvocationEndpoint implements Endpoint {
  /** Request attribute carrying the invocation id. */
  static final String ATTRIBUTE = "mainstay.spring.invocation";

  /** The endpoint id every {@code @ModelCall} client uses. */
  static final String ID = "method";

  private final EndpointInfo info = EndpointInfo.builder(ID).provider("spring").model("method").build();
  private final Map<String, PendingInvocation> pending = new ConcurrentHashMap<>();

  @Override
  public EndpointInfo info() {
    return info;
  }

  void register(String id, PendingInvocation invocation) {
    pending.put(id, invocation);
  }

  void unregister(String id) {
    PendingInvocation p = pending.remove(id);
    if (p != null) {
      p.end();
    }
  }

  /** How many calls are registered and not yet ended. */
  int pendingCount() {
    return pending.size();
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    @Nullable String id = request.attributes().get(ATTRIBUTE);
    PendingInvocation p = id == null ? null : pending.get(id);
    if (p == null) {
      // only reachable when the client is called directly, not through the aspect
      throw new ModelException(ErrorKind.INVALID_REQUEST, "no @ModelCall invocation is pending for this request");
    }
    return p.invoke(request).endpointId(ID);
  }

  @Override
  public String toString() {
    return "Endpoint[method]";
  }
}
