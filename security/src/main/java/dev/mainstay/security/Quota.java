package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A request quota and token budget per tenant or per principal over a fixed time window, enforced
 * by an {@link AccessPolicy} (add it with {@link AccessPolicy.Builder#quota(Quota)}).
 *
 * <p>Before a call, the policy admits it only when the caller's window still has a request left
 * and its tokens used plus the tokens reserved by its calls in flight are below the budget; a call
 * that would start over budget fails at once with {@code BUDGET_EXCEEDED} and never reaches a
 * model. An admitted call reserves its estimated tokens (prompt chars / 4 plus the answer-token
 * limit); after the call the reservation is replaced by the response's {@code Usage} (input plus
 * output tokens; nothing for a cache hit or a failed call). So the budget is overrun by at most
 * the usage of the last admitted call, when calls use no more than their estimate.
 *
 * <p>Windows are fixed, measured with the client's {@code TimeSource}, and start at a caller's
 * first call: a window of one minute resets one minute, two minutes, … after it. Calls with no
 * tenant (or no principal, for {@link Scope#PRINCIPAL}) share one anonymous account, unless the
 * quota names the ids it applies to with {@link Builder#only(String...)}.
 *
 * <pre>{@code
 * Quota perTenantPerMinute = Quota.perTenant(Duration.ofMinutes(1))
 *     .maxRequests(600)
 *     .maxTokens(200_000)
 *     .build();
 * }</pre>
 */
public final class Quota {

  /** Whose calls a quota counts. */
  public enum Scope {
    /** Per {@code ModelRequest.tenant()}. */
    TENANT,
    /** Per {@code ModelRequest.principal()}. */
    PRINCIPAL
  }

  private final Scope scope;
  private final Duration window;
  private final long maxRequests;
  private final long maxTokens;
  private final Set<String> only;

  private Quota(Builder b) {
    this.scope = b.scope;
    this.window = b.window;
    this.maxRequests = b.maxRequests;
    this.maxTokens = b.maxTokens;
    this.only = Set.copyOf(b.only);
  }

  /**
   * A quota per tenant.
   *
   * @param window the window length, at least one millisecond
   * @return the builder
   */
  public static Builder perTenant(Duration window) {
    return new Builder(Scope.TENANT, window);
  }

  /**
   * A quota per principal.
   *
   * @param window the window length, at least one millisecond
   * @return the builder
   */
  public static Builder perPrincipal(Duration window) {
    return new Builder(Scope.PRINCIPAL, window);
  }

  /**
   * Whose calls it counts.
   *
   * @return the scope
   */
  public Scope scope() {
    return scope;
  }

  /**
   * The window length.
   *
   * @return the window
   */
  public Duration window() {
    return window;
  }

  /**
   * The most calls started per window, or {@link Long#MAX_VALUE} for no limit.
   *
   * @return the request quota
   */
  public long maxRequests() {
    return maxRequests;
  }

  /**
   * The most tokens (input plus output) per window, or {@link Long#MAX_VALUE} for no limit.
   *
   * @return the token budget
   */
  public long maxTokens() {
    return maxTokens;
  }

  /**
   * The tenant or principal ids it applies to; empty for every caller.
   *
   * @return the ids
   */
  public Set<String> only() {
    return only;
  }

  @Override
  public String toString() {
    return "Quota[" + scope + ", window=" + window
        + (maxRequests == Long.MAX_VALUE ? "" : ", maxRequests=" + maxRequests)
        + (maxTokens == Long.MAX_VALUE ? "" : ", maxTokens=" + maxTokens)
        + (only.isEmpty() ? "" : ", ids=" + only.size()) + "]";
  }

  /** Builds a {@link Quota}. Not thread-safe; each limit may be set once. */
  public static final class Builder {
    private final Scope scope;
    private final Duration window;
    private long maxRequests = Long.MAX_VALUE;
    private long maxTokens = Long.MAX_VALUE;
    private final Set<String> only = new LinkedHashSet<>();

    private Builder(Scope scope, Duration window) {
      requireNonNull(window, "window");
      if (window.compareTo(Duration.ofMillis(1)) < 0) {
        throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
      }
      this.scope = scope;
      this.window = window;
    }

    /**
     * The most calls started per window (failed calls count too).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxRequests(long value) {
      if (maxRequests != Long.MAX_VALUE) {
        throw new IllegalStateException("maxRequests was already set to " + maxRequests);
      }
      if (value < 1) {
        throw new IllegalArgumentException("maxRequests must be at least 1, was " + value);
      }
      maxRequests = value;
      return this;
    }

    /**
     * The most tokens (input plus output, from the responses' usage) per window.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxTokens(long value) {
      if (maxTokens != Long.MAX_VALUE) {
        throw new IllegalStateException("maxTokens was already set to " + maxTokens);
      }
      if (value < 1) {
        throw new IllegalArgumentException("maxTokens must be at least 1, was " + value);
      }
      maxTokens = value;
      return this;
    }

    /**
     * Limits the quota to some tenants (or principals); others are not counted by it.
     *
     * @param ids the ids
     * @return this builder
     */
    public Builder only(String... ids) {
      for (String id : List.of(ids)) {
        only.add(requireNonNull(id, "id"));
      }
      return this;
    }

    /**
     * Builds the quota.
     *
     * @return the quota
     * @throws IllegalStateException when neither a request quota nor a token budget was set
     */
    public Quota build() {
      if (maxRequests == Long.MAX_VALUE && maxTokens == Long.MAX_VALUE) {
        throw new IllegalStateException("a quota needs maxRequests or maxTokens");
      }
      return new Quota(this);
    }
  }
}
