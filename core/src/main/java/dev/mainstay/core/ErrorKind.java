package dev.mainstay.core;

/**
 * What went wrong, in terms that decide what a router does next. Every {@link ModelException}
 * carries one. The table in the architecture docs lists each kind with its typical causes.
 */
public enum ErrorKind {
  /** 500/502/503, connection reset: retry the same endpoint, or fail over. */
  TRANSIENT(true, true),
  /** The attempt or the call ran out of time: do not retry the same endpoint; fail over. */
  TIMEOUT(false, true),
  /**
   * 429: retry the same endpoint only after {@link ModelException#retryAfter()}; fail over at once.
   */
  RATE_LIMITED(false, true),
  /** 529 or a full bulkhead: fail over. */
  OVERLOADED(false, true),
  /** Circuit breaker open, endpoint down or misbehaving: fail over. */
  UNAVAILABLE(false, true),
  /** The prompt exceeds the context window: fail over only to a larger-context endpoint. */
  CONTEXT_TOO_LONG(false, true),
  /** The provider's content policy refused: no retry; failover is a router option (off by default). */
  CONTENT_FILTERED(false, false),
  /** Empty, unparsable or schema-invalid answer: retry, or fail over. */
  INVALID_OUTPUT(true, true),
  /** 401/403: the endpoint is misconfigured; fail over. */
  AUTHENTICATION(false, true),
  /** Unknown model or path: the endpoint is misconfigured; fail over. */
  NOT_FOUND(false, true),
  /** 400: the caller's fault; neither retry nor fail over. */
  INVALID_REQUEST(false, false),
  /** An input guard blocked the request; it never reached a model. */
  INPUT_REJECTED(false, false),
  /** An output guard blocked the answer. */
  OUTPUT_REJECTED(false, false),
  /** The access policy denied the call; it never reached a model. */
  ACCESS_DENIED(false, false),
  /** A quota or budget is used up; the call never reached a model. */
  BUDGET_EXCEEDED(false, false),
  /**
   * The caller cancelled the call or interrupted its thread, or a hedge lost the race. Not the
   * endpoint's fault: never counted against it.
   */
  CANCELLED(false, false);

  private final boolean retrySameEndpoint;
  private final boolean failover;

  ErrorKind(boolean retrySameEndpoint, boolean failover) {
    this.retrySameEndpoint = retrySameEndpoint;
    this.failover = failover;
  }

  /**
   * Whether the same endpoint may be tried again at once (after backoff). {@link #RATE_LIMITED}
   * answers false: it may be retried only once its {@code retryAfter} has passed.
   *
   * @return true for kinds worth retrying on the same endpoint
   */
  public boolean retrySameEndpoint() {
    return retrySameEndpoint;
  }

  /**
   * Whether another endpoint may answer where this one failed. This is also the set of kinds a
   * cache may answer with a stale entry for.
   *
   * @return true for kinds a router fails over on by default
   */
  public boolean failover() {
    return failover;
  }

  /**
   * Whether the failure is about the endpoint (counts toward its circuit breaker and health), as
   * opposed to the caller, a guard, or a cancellation.
   *
   * @return true for endpoint faults
   */
  public boolean endpointFault() {
    return failover || this == CONTENT_FILTERED;
  }
}
