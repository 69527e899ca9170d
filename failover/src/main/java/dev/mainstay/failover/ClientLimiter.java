package dev.mainstay.failover;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Stage;
import dev.mainstay.failover.internal.LimitedClient;
import java.time.Duration;

/**
 * The {@link Stage#LIMIT} stage: a client-wide rate limit (token bucket) and concurrency limit that
 * protect an upstream quota. A call over a limit either fails fast with a typed error ({@link
 * dev.mainstay.core.ErrorKind#RATE_LIMITED} with the time until a permit as {@code retryAfter}, or
 * {@link dev.mainstay.core.ErrorKind#OVERLOADED}) or, when {@link Builder#maxWait(Duration)} allows,
 * waits on the client's time source, never past the call's deadline. Each delay or rejection
 * publishes a {@link dev.mainstay.core.event.RateLimitedEvent}.
 *
 * <pre>{@code
 * Mainstay.client("chat")
 *     .route(route)
 *     .with(ClientLimiter.builder()
 *         .rate(50, Duration.ofSeconds(1)).burst(10)
 *         .maxConcurrent(32)
 *         .maxWait(Duration.ofSeconds(2))
 *         .build())
 *     .build();
 * }</pre>
 */
public final class ClientLimiter implements CallDecorator {
  private final int permits;
  private final @Nullable Duration period;
  private final int burst;
  private final int maxConcurrent;
  private final Duration maxWait;

  private ClientLimiter(Builder b) {
    this.permits = b.permits;
    this.period = b.period;
    this.burst = b.burst > 0 ? b.burst : Math.max(1, b.permits);
    this.maxConcurrent = b.maxConcurrent;
    this.maxWait = b.maxWait == null ? Duration.ZERO : b.maxWait;
  }

  /**
   * A builder with no limits set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Stage stage() {
    return Stage.LIMIT;
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    return new LimitedClient(next, context, permits, period, burst, maxConcurrent, maxWait);
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder("ClientLimiter[");
    if (period != null) {
      sb.append(permits).append('/').append(period.toMillis()).append("ms");
    }
    if (maxConcurrent > 0) {
      sb.append(period != null ? ", " : "").append("concurrent=").append(maxConcurrent);
    }
    return sb.append(']').toString();
  }

  @Override
  public String toString() {
    return name();
  }

  /** Builds a {@link ClientLimiter}. Not thread-safe; scalar settings can be set once each. */
  public static final class Builder {
    private int permits;
    private @Nullable Duration period;
    private int burst;
    private int maxConcurrent;
    private @Nullable Duration maxWait;

    private Builder() {}

    /**
     * Limits the rate to {@code permits} calls per {@code period}, refilled continuously.
     *
     * @param permitsPerPeriod positive
     * @param per positive
     * @return this builder
     */
    public Builder rate(int permitsPerPeriod, Duration per) {
      requireNonNull(per, "period");
      if (period != null) {
        throw new IllegalStateException("rate was already set");
      }
      if (permitsPerPeriod <= 0) {
        throw new IllegalArgumentException("permits must be positive, was " + permitsPerPeriod);
      }
      if (per.isZero() || per.isNegative()) {
        throw new IllegalArgumentException("period must be positive, was " + per);
      }
      this.permits = permitsPerPeriod;
      this.period = per;
      return this;
    }

    /**
     * Sets how many calls may go at once after an idle spell.
     *
     * @param value positive; default the permits per period
     * @return this builder
     */
    public Builder burst(int value) {
      if (burst != 0) {
        throw new IllegalStateException("burst was already set to " + burst);
      }
      if (value <= 0) {
        throw new IllegalArgumentException("burst must be positive, was " + value);
      }
      this.burst = value;
      return this;
    }

    /**
     * Limits the calls in flight through this client.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxConcurrent(int value) {
      if (maxConcurrent != 0) {
        throw new IllegalStateException("maxConcurrent was already set to " + maxConcurrent);
      }
      if (value <= 0) {
        throw new IllegalArgumentException("maxConcurrent must be positive, was " + value);
      }
      this.maxConcurrent = value;
      return this;
    }

    /**
     * Lets a call wait for a permit, up to this long and never past its deadline. Zero (the
     * default) fails fast.
     *
     * @param value zero or positive
     * @return this builder
     */
    public Builder maxWait(Duration value) {
      requireNonNull(value, "maxWait");
      if (maxWait != null) {
        throw new IllegalStateException("maxWait was already set to " + maxWait);
      }
      if (value.isNegative()) {
        throw new IllegalArgumentException("maxWait must not be negative, was " + value);
      }
      this.maxWait = value;
      return this;
    }

    /**
     * Lets a call wait for a permit as long as its deadline allows.
     *
     * @return this builder
     */
    public Builder waitWithinDeadline() {
      return maxWait(Duration.ofSeconds(Long.MAX_VALUE / 2_000_000_000L));
    }

    /**
     * Validates and builds.
     *
     * @return the limiter
     * @throws IllegalStateException if neither a rate nor a concurrency limit is set, or a burst
     *     without a rate
     */
    public ClientLimiter build() {
      if (period == null && maxConcurrent == 0) {
        throw new IllegalStateException("set a rate, a concurrency limit, or both");
      }
      if (burst != 0 && period == null) {
        throw new IllegalStateException("burst needs a rate");
      }
      return new ClientLimiter(this);
    }
  }
}
