package dev.mainstay.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Helpers shared by the guards: text-free descriptions and event summaries of findings. */
final class Guards {
  private Guards() {}

  /** "injection/INSTRUCTION_OVERRIDE (0.93), unicode/TAG_CHARACTERS (0.8)", at most 5. */
  static String describe(List<Finding> findings) {
    StringBuilder sb = new StringBuilder();
    int shown = 0;
    for (Finding f : findings) {
      if (shown == 5) {
        sb.append(", and ").append(findings.size() - 5).append(" more");
        break;
      }
      if (shown > 0) {
        sb.append(", ");
      }
      sb.append(f.scanner()).append('/').append(f.type());
      if (!f.via().isEmpty()) {
        sb.append(" via ").append(f.via());
      }
      sb.append(" (").append(Math.round(f.score() * 100) / 100.0).append(')');
      shown++;
    }
    return shown == 0 ? "no findings" : sb.toString();
  }

  static List<String> scanners(List<Finding> findings) {
    Set<String> names = new LinkedHashSet<>();
    for (Finding f : findings) {
      names.add(f.scanner());
    }
    return new ArrayList<>(names);
  }

  static Map<String, Integer> counts(List<Finding> findings) {
    Map<String, Integer> m = new TreeMap<>();
    for (Finding f : findings) {
      m.merge(f.type(), 1, Integer::sum);
    }
    return m;
  }
}
