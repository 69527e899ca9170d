package dev.mainstay.core.internal;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;

/**
 * The innermost link of every attempt chain: calls the endpoint and normalises what comes back.
 * Null becomes {@link ErrorKind#INVALID_OUTPUT}; an unexpected exception becomes {@link
 * ErrorKind#UNAVAILABLE}; anything after an abort becomes the abort's kind, and a failure while
 * the thread is interrupted without an abort becomes {@link ErrorKind#CANCELLED}; a response
 * without an endpoint id gets this endpoint's.
 */
final class EndpointCall implements ModelClient {
  private final Endpoint endpoint;
  private final String id;

  EndpointCall(Endpoint endpoint) {
    this.endpoint = endpoint;
    this.id = endpoint.info().id();
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    ModelResponse r;
    try {
      r = endpoint.call(request);
    } catch (ModelException e) {
      throw aborted(e);
    } catch (RuntimeException e) {
      ModelException wrapped = new ModelException(ErrorKind.UNAVAILABLE,
          "endpoint threw unexpected " + e.getClass().getSimpleName(), id, 0, null, e);
      throw aborted(wrapped);
    }
    if (r == null) {
      throw aborted(new ModelException(ErrorKind.INVALID_OUTPUT, "endpoint returned null", id, 0, null, null));
    }
    return r.endpointId().isEmpty() ? r.endpointId(id) : r;
  }

  private ModelException aborted(ModelException e) {
    RunningAttempt f = AttemptThread.current();
    ErrorKind abort = f == null ? null : f.abortKind();
    if (abort == null && Thread.currentThread().isInterrupted()) {
      // Interrupted without an abort of the attempt itself: the caller gave up (under CALLER
      // isolation the attempt runs on the caller's thread) or the executor is shutting down.
      // Either way it is a cancellation, which must never count against the endpoint.
      abort = ErrorKind.CANCELLED;
    }
    if (abort != null && e.kind() != abort) {
      return new ModelException(abort, "attempt ended by " + abort, id, 0, null, e);
    }
    return e;
  }

  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return id;
  }
}
