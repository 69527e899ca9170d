package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.ModelRolledBackEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A drift policy that switches a model alias back to its previous version when traffic to the
 * alias's current version drifts. After a rollback the alias is not rolled back again until the
 * cool-down has passed, so a flapping signal cannot walk it back through its whole history.
 * Alarms without a model, or on a version no alias points at, are ignored. Thread-safe.
 */
public final class ModelRollback implements DriftAction {
  private final ModelAliases aliases;
  private final Duration coolDown;
  private final TimeSource timeSource;
  private final @Nullable Set<String> signals;
  private final Map<String, Long> lastRollback = new HashMap<>();

  private ModelRollback(Builder b) {
    this.aliases = b.aliases;
    this.coolDown = b.coolDown == null ? Duration.ofMinutes(30) : b.coolDown;
    this.timeSource = b.timeSource == null ? TimeSource.system() : b.timeSource;
    this.signals = b.signals;
  }

  /**
   * A policy over the given aliases with defaults (cool-down 30 minutes, any signal, system
   * time).
   *
   * @param aliases the aliases to roll back
   * @return the policy
   */
  public static ModelRollback of(ModelAliases aliases) {
    return builder(aliases).build();
  }

  /**
   * A builder.
   *
   * @param aliases the aliases to roll back
   * @return a new builder
   */
  public static Builder builder(ModelAliases aliases) {
    return new Builder(requireNonNull(aliases, "aliases"));
  }

  @Override
  public void onDrift(DriftDetectedEvent alarm, ClientContext client) {
    String model = alarm.model();
    if (model.isEmpty() || (signals != null && !signals.contains(alarm.signal()))) {
      return;
    }
    Optional<String> alias = aliases.aliasOf(model);
    if (alias.isEmpty()) {
      return;
    }
    String name = alias.get();
    long now = timeSource.nanoTime();
    Optional<String> to;
    synchronized (lastRollback) {
      Long last = lastRollback.get(name);
      if (last != null && now - last < coolDown.toNanos()) {
        return;
      }
      to = aliases.rollbackFrom(name, model);
      if (to.isPresent()) {
        lastRollback.put(name, now);
      }
    }
    if (to.isPresent()) {
      client.publish(new ModelRolledBackEvent(client.clientName(), alarm.requestId(),
          timeSource.now(), name, model, to.get(), "drift:" + alarm.signal()));
    }
  }

  @Override
  public String toString() {
    return "ModelRollback[" + aliases + ", coolDown=" + coolDown + "]";
  }

  /** Builds a {@link ModelRollback}; each setter may be called once. Not thread-safe. */
  public static final class Builder {
    private final ModelAliases aliases;
    private @Nullable Duration coolDown;
    private @Nullable TimeSource timeSource;
    private @Nullable Set<String> signals;

    private Builder(ModelAliases aliases) {
      this.aliases = aliases;
    }

    /**
     * Sets the least time between two rollbacks of one alias.
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
     * Sets the time source.
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
    public ModelRollback build() {
      return new ModelRollback(this);
    }
  }
}
