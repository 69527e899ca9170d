package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointDegradedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A drift policy that marks an endpoint degraded for a while when one of its signals drifts, and
 * the {@link EndpointHealth} view routes consult. An endpoint marked once is not marked again
 * until its cool-down has passed since the previous mark, so a noisy signal cannot make it flap.
 * Client-wide alarms (no endpoint) are ignored. All timing reads the configured {@link
 * TimeSource}. Thread-safe.
 */
public final class EndpointDegradation implements DriftAction, EndpointHealth {
  private final Duration degradeFor;
  private final Duration coolDown;
  private final TimeSource timeSource;
  private final @Nullable Set<String> signals;
  private final Map<String, Mark> marks = new ConcurrentHashMap<>();

  private static final class Mark {
    final long sinceNanos;
    final long untilNanos;

    Mark(long sinceNanos, long untilNanos) {
      this.sinceNanos = sinceNanos;
      this.untilNanos = untilNanos;
    }
  }

  private EndpointDegradation(Builder b) {
    this.degradeFor = b.degradeFor == null ? Duration.ofMinutes(10) : b.degradeFor;
    this.coolDown = b.coolDown == null ? Duration.ofMinutes(30) : b.coolDown;
    this.timeSource = b.timeSource == null ? TimeSource.system() : b.timeSource;
    this.signals = b.signals;
  }

  /**
   * A policy with defaults: degrade for 10 minutes, cool-down 30 minutes, any signal, system time.
   *
   * @return the policy
   */
  public static EndpointDegradation ofDefaults() {
    return builder().build();
  }

  /**
   * A builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void onDrift(DriftDetectedEvent alarm, ClientContext client) {
    String id = alarm.endpointId();
    if (id.isEmpty() || (signals != null && !signals.contains(alarm.signal()))) {
      return;
    }
    long now = timeSource.nanoTime();
    long until = now + degradeFor.toNanos();
    boolean[] marked = {false};
    marks.compute(id, (k, old) -> {
      if (old != null && now - old.sinceNanos < coolDown.toNanos()) {
        return old;
      }
      marked[0] = true;
      return new Mark(now, until);
    });
    if (marked[0]) {
      Instant at = timeSource.now();
      client.publish(new EndpointDegradedEvent(client.clientName(), alarm.requestId(), at, id,
          "drift:" + alarm.signal(), at.plus(degradeFor)));
    }
  }

  @Override
  public boolean isDegraded(String endpointId) {
    requireNonNull(endpointId, "endpointId");
    Mark m = marks.get(endpointId);
    return m != null && timeSource.nanoTime() - m.untilNanos < 0;
  }

  /**
   * How long the endpoint stays degraded.
   *
   * @param endpointId the endpoint's id
   * @return the time left, or empty when it is healthy
   */
  public Optional<Duration> remaining(String endpointId) {
    Mark m = marks.get(requireNonNull(endpointId, "endpointId"));
    if (m == null) {
      return Optional.empty();
    }
    long left = m.untilNanos - timeSource.nanoTime();
    return left > 0 ? Optional.of(Duration.ofNanos(left)) : Optional.empty();
  }

  /**
   * Clears an endpoint's mark (an operator's override); the cool-down restarts with the next mark.
   *
   * @param endpointId the endpoint's id
   */
  public void restore(String endpointId) {
    marks.remove(requireNonNull(endpointId, "endpointId"));
  }

  @Override
  public String toString() {
    return "EndpointDegradation[for=" + degradeFor + ", coolDown=" + coolDown + "]";
  }

  /** Builds an {@link EndpointDegradation}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private @Nullable Duration degradeFor;
    private @Nullable Duration coolDown;
    private @Nullable TimeSource timeSource;
    private @Nullable Set<String> signals;

    private Builder() {}

    /**
     * Sets how long a mark lasts.
     *
     * @param value positive; default 10 minutes
     * @return this builder
     */
    public Builder degradeFor(Duration value) {
      Settings.once(degradeFor, "degradeFor");
      this.degradeFor = positive(value, "degradeFor");
      return this;
    }

    /**
     * Sets the least time between two marks of one endpoint.
     *
     * @param value zero or more; default 30 minutes
     * @return this builder
     */
    public Builder coolDown(Duration value) {
      Settings.once(coolDown, "coolDown");
      requireNonNull(value, "coolDown");
      if (value.isNegative()) {
        throw new IllegalArgumentException("coolDown must not be negative, was " + value);
      }
      this.coolDown = value;
      return this;
    }

    /**
     * Sets the time source (use the client's so tests can drive it).
     *
     * @param value the time source; default {@link TimeSource#system()}
     * @return this builder
     */
    public Builder timeSource(TimeSource value) {
      Settings.once(timeSource, "timeSource");
      this.timeSource = requireNonNull(value, "timeSource");
      return this;
    }

    /**
     * Restricts the policy to alarms of these signals.
     *
     * @param names signal names; default all signals
     * @return this builder
     */
    public Builder signals(Set<String> names) {
      Settings.once(signals, "signals");
      this.signals = Set.copyOf(requireNonNull(names, "signals"));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public EndpointDegradation build() {
      return new EndpointDegradation(this);
    }

    static Duration positive(Duration value, String name) {
      requireNonNull(value, name);
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
