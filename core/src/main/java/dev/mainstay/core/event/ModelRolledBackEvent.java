package dev.mainstay.core.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A policy switched a model alias back to its previous version (for example after a drift alarm
 * on the new one).
 *
 * @param client the client name
 * @param requestId the call that triggered it, or {@code ""}
 * @param at when it switched
 * @param alias the logical model alias callers use
 * @param from the version the alias pointed to
 * @param to the version it points to now
 * @param reason a short machine-readable reason, such as {@code drift:score}
 */
public record ModelRolledBackEvent(
    String client, String requestId, Instant at, String alias, String from, String to, String reason)
    implements ModelEvent {

  /** Validates the components. */
  public ModelRolledBackEvent {
    requireNonNull(client, "client");
    requireNonNull(requestId, "requestId");
    requireNonNull(at, "at");
    requireNonNull(alias, "alias");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(reason, "reason");
  }
}
