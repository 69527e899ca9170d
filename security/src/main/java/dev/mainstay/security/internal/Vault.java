package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.security.Finding;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A per-call vault: replaces redacted values of chosen scanners with numbered typed placeholders
 * ({@code [EMAIL_1]}) and restores them in the answer. Lives only for one call, in memory; never
 * logged.
 */
public final class Vault {
  private final Set<String> scanners;
  private final Map<String, String> byValue = new LinkedHashMap<>();
  private final Map<String, String> byPlaceholder = new LinkedHashMap<>();
  private final Map<String, Integer> counters = new LinkedHashMap<>();

  /**
   * Creates a vault.
   *
   * @param scanners names of the scanners whose findings go into the vault
   */
  public Vault(Set<String> scanners) {
    this.scanners = scanners;
  }

  /**
   * The placeholder for a finding, or null when its scanner is not vaulted.
   *
   * @param f the finding
   * @param text the text it is in
   * @return the placeholder, or null
   */
  public synchronized @Nullable String placeholder(Finding f, String text) {
    if (!scanners.contains(f.scanner()) || !f.via().isEmpty() || f.end() > text.length()) {
      return null;
    }
    String value = text.substring(f.start(), f.end());
    String known = byValue.get(value);
    if (known != null) {
      return known;
    }
    int n = counters.merge(f.type(), 1, Integer::sum);
    String p = "[" + f.type() + "_" + n + "]";
    byValue.put(value, p);
    byPlaceholder.put(p, value);
    return p;
  }

  /**
   * Whether anything was put in the vault.
   *
   * @return true when not empty
   */
  public synchronized boolean isEmpty() {
    return byPlaceholder.isEmpty();
  }

  /**
   * Restores vaulted values in an answer.
   *
   * @param answer the answer text
   * @return the answer with placeholders replaced by the original values
   */
  public synchronized String restore(String answer) {
    if (byPlaceholder.isEmpty() || answer.indexOf('[') < 0) {
      return answer;
    }
    StringBuilder sb = new StringBuilder(answer.length());
    int i = 0;
    int n = answer.length();
    while (i < n) {
      char c = answer.charAt(i);
      if (c == '[') {
        int close = answer.indexOf(']', i);
        if (close > i && close - i <= 40) {
          String value = byPlaceholder.get(answer.substring(i, close + 1));
          if (value != null) {
            sb.append(value);
            i = close + 1;
            continue;
          }
        }
      }
      sb.append(c);
      i++;
    }
    return sb.toString();
  }
}
