package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a guard decided about a text or a request.
 *
 * @param blocked whether a {@link Action#BLOCK} finding stopped it
 * @param blocking the findings that blocked it (empty when not blocked)
 * @param redacted the findings that were redacted
 * @param flagged the findings that were only flagged
 * @param texts the texts to pass on, one per scanned text (redacted where needed; the input when
 *     nothing changed); when blocked, the inputs unchanged
 */
public record ScanResult(
    boolean blocked,
    List<Finding> blocking,
    List<Finding> redacted,
    List<Finding> flagged,
    List<String> texts) {

  /** Validates and copies. */
  public ScanResult {
    blocking = List.copyOf(requireNonNull(blocking, "blocking"));
    redacted = List.copyOf(requireNonNull(redacted, "redacted"));
    flagged = List.copyOf(requireNonNull(flagged, "flagged"));
    texts = List.copyOf(requireNonNull(texts, "texts"));
    if (blocked && blocking.isEmpty()) {
      throw new IllegalArgumentException("a blocked result needs blocking findings");
    }
  }

  /**
   * All findings: blocking, then redacted, then flagged.
   *
   * @return the findings
   */
  public List<Finding> findings() {
    java.util.ArrayList<Finding> all = new java.util.ArrayList<>(blocking);
    all.addAll(redacted);
    all.addAll(flagged);
    return all;
  }

  /**
   * The sanitised text of a single-text scan.
   *
   * @return the first text
   */
  public String text() {
    return texts.isEmpty() ? "" : texts.get(0);
  }

  /**
   * The highest score among the blocking or flagged findings of a scanner.
   *
   * @param scanner a scanner name
   * @return the score, 0 when it found nothing
   */
  public double score(String scanner) {
    double best = 0;
    for (Finding f : findings()) {
      if (f.scanner().equals(scanner)) {
        best = Math.max(best, f.score());
      }
    }
    return best;
  }

  @Override
  public String toString() {
    return "ScanResult[blocked=" + blocked + ", blocking=" + blocking + ", redacted="
        + redacted.size() + ", flagged=" + flagged.size() + "]";
  }
}
