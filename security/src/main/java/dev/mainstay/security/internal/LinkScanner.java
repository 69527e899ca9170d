package dev.mainstay.security.internal;

import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;
import java.util.Locale;
import java.util.Set;

/**
 * Exfiltration links in answers: markdown images that load an outside URL (the browser fetches
 * them without a click, carrying whatever the URL encodes) and links whose query string carries a
 * long value. Hosts on the allow list (and their subdomains) pass. One linear pass.
 */
public final class LinkScanner implements Scanner {
  private final Set<String> allowedHosts;

  /**
   * Creates the scanner.
   *
   * @param allowedHosts hosts that may appear (lower case)
   */
  public LinkScanner(Set<String> allowedHosts) {
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  @Override
  public String name() {
    return "links";
  }

  @Override
  public void scan(ScanContext ctx) {
    String s = ctx.text();
    int n = s.length();
    int lastImage = -1000;
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '!' && i + 1 < n && s.charAt(i + 1) == '[') {
        lastImage = i;
        i += 2;
        continue;
      }
      if ((c == 'h' || c == 'H') && (s.regionMatches(true, i, "http://", 0, 7)
          || s.regionMatches(true, i, "https://", 0, 8))) {
        int hostStart = i + (s.charAt(i + 4) == ':' ? 7 : 8);
        int j = hostStart;
        while (j < n && !isUrlEnd(s.charAt(j))) {
          j++;
        }
        int hostEnd = hostStart;
        while (hostEnd < j && s.charAt(hostEnd) != '/' && s.charAt(hostEnd) != '?'
            && s.charAt(hostEnd) != '#' && s.charAt(hostEnd) != ':') {
          hostEnd++;
        }
        String host = s.substring(hostStart, hostEnd).toLowerCase(Locale.ROOT);
        boolean image = i >= 2 && s.charAt(i - 1) == '(' && s.charAt(i - 2) == ']'
            && i - lastImage < 300;
        if (!allowed(host)) {
          if (image) {
            int start = lastImage;
            int end = j < n && s.charAt(j) == ')' ? j + 1 : j;
            ctx.report("EXFILTRATION_IMAGE", start, end, 0.9);
          } else if (longQueryValue(s, hostEnd, j)) {
            ctx.report("EXFILTRATION_LINK", i, j, 0.7);
          }
        }
        i = Math.max(j, i + 1);
        continue;
      }
      i++;
    }
  }

  private boolean allowed(String host) {
    for (String a : allowedHosts) {
      if (host.equals(a) || host.endsWith("." + a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUrlEnd(char c) {
    return c <= ' ' || c == ')' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ']'
        || c >= 0x7F;
  }

  /** A query parameter value of 24+ chars: enough to smuggle a secret or a summary. */
  private static boolean longQueryValue(String s, int from, int to) {
    int q = s.indexOf('?', from);
    if (q < 0 || q >= to) {
      return false;
    }
    int run = 0;
    for (int k = q + 1; k < to; k++) {
      char c = s.charAt(k);
      if (c == '&') {
        run = 0;
      } else if (c == '=') {
        run = 0;
      } else if (++run >= 24) {
        return true;
      }
    }
    return false;
  }
}
