package dev.mainstay.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An input guard removed or replaced parts of a request (secrets, PII, invisible characters) before passing it on. Carries scanner names, finding types and counts only, never the text.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it happened
 * @param scanners the names of the scanners that redacted, in scan order
 * @param findings the number of findings per finding type (for example {@code PROMPT_INJECTION=1}),
 *     sorted by type
 */
public record InputRedactedEvent(
    String client,
    String requestId,
    Instant at,
    List<String> scanners,
    Map<String, Integer> findings)
    implements ModelEvent {

  /** Validates the components and makes defensive copies. */
  public InputRedactedEvent {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(at, "at");
    scanners = List.copyOf(scanners);
    findings = java.util.Collections.unmodifiableMap(new TreeMap<>(findings));
  }

  /**
   * The total number of findings.
   *
   * @return the sum of all counts
   */
  public int total() {
    int n = 0;
    for (int c : findings.values()) {
      n += c;
    }
    return n;
  }
}
