package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;

/**
 * Credentials: OpenAI, Anthropic, AWS access key ids, GitHub, Slack (tokens and webhooks), Google
 * (API keys, OAuth tokens), Stripe, PEM private keys, JWTs, and high-entropy tokens. One pass
 * splits the text into key-shaped tokens and checks each against hand-written prefix and
 * alphabet rules (no regular expressions). Placeholders name the kind: {@code [AWS_ACCESS_KEY]}.
 */
public final class SecretScanner implements Scanner {
  private static final boolean[] TOKEN = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN[c] = true;
      TOKEN[c - 32] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      TOKEN[c] = true;
    }
    for (char c : "_-+/=.".toCharArray()) {
      TOKEN[c] = true;
    }
  }

  private final boolean entropy;

  /**
   * Creates the scanner.
   *
   * @param entropy whether to report high-entropy tokens that match no known format
   */
  public SecretScanner(boolean entropy) {
    this.entropy = entropy;
  }

  @Override
  public String name() {
    return "secrets";
  }

  @Override
  public void scan(ScanContext ctx) {
    String s = ctx.text();
    int n = s.length();
    int[] counts = null;
    byte[] ascii = ScanEngine.asciiBytes(ctx);
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (c == '-' && s.startsWith("-----BEGIN", i)) {
        int end = privateKey(s, i);
        if (end > i) {
          ctx.report("PRIVATE_KEY", i, end, 0.99);
          i = end;
          continue;
        }
      }
      if (c >= 128 || !TOKEN[c]) {
        i++;
        continue;
      }
      int start = i;
      if (ascii != null) {
        while (i < n && TOKEN[ascii[i]]) {
          i++;
        }
      } else {
        while (i < n && s.charAt(i) < 128 && TOKEN[s.charAt(i)]) {
          i++;
        }
      }
      int end = i;
      // trim sentence punctuation and leading separators
      while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
        end--;
      }
      int st = start;
      while (st < end && (s.charAt(st) == '.' || s.charAt(st) == '/' || s.charAt(st) == '=')) {
        st++;
      }
      int len = end - st;
      if (len < 16) {
        continue;
      }
      String type = known(s, st, end);
      if (type != null) {
        ctx.report(type, st, end, 0.95);
      } else if (entropy && len >= 24 && len <= 256) {
        if (counts == null) {
          counts = new int[128];
        }
        if (highEntropy(s, st, end, counts)) {
          ctx.report("HIGH_ENTROPY_SECRET", st, end, 0.6);
        }
      }
    }
  }

  private static int privateKey(String s, int i) {
    int header = s.indexOf("-----", i + 10);
    if (header < 0 || header - i > 60) {
      return -1;
    }
    String label = s.substring(i + 10, header);
    if (!label.contains("PRIVATE KEY")) {
      return -1;
    }
    int endMarker = s.indexOf("-----END", header + 5);
    if (endMarker < 0) {
      return s.length(); // a truncated key is still a key
    }
    int close = s.indexOf("-----", endMarker + 8);
    return close < 0 ? s.length() : close + 5;
  }

  private static @Nullable String known(String s, int st, int end) {
    int len = end - st;
    if (s.startsWith("sk-ant-", st) && len >= 30) {
      return "ANTHROPIC_API_KEY";
    }
    if (s.startsWith("sk-", st) && len >= 23 && alnumDashUnderscore(s, st + 3, end)) {
      return "OPENAI_API_KEY";
    }
    if (len == 20 && (s.startsWith("AKIA", st) || s.startsWith("ASIA", st) || s.startsWith("ABIA", st)
        || s.startsWith("ACCA", st)) && upperDigits(s, st + 4, end)) {
      return "AWS_ACCESS_KEY";
    }
    if ((s.startsWith("ghp_", st) || s.startsWith("gho_", st) || s.startsWith("ghu_", st)
        || s.startsWith("ghs_", st) || s.startsWith("ghr_", st)) && len >= 40
        && alnumDashUnderscore(s, st + 4, end)) {
      return "GITHUB_TOKEN";
    }
    if (s.startsWith("github_pat_", st) && len >= 40) {
      return "GITHUB_TOKEN";
    }
    if (s.startsWith("xox", st) && len >= 15 && "baprse".indexOf(s.charAt(st + 3)) >= 0
        && s.charAt(st + 4) == '-') {
      return "SLACK_TOKEN";
    }
    if (s.startsWith("hooks.slack.com/services/", st) || s.startsWith("//hooks.slack.com/services/", st)) {
      return "SLACK_WEBHOOK";
    }
    if (s.startsWith("AIza", st) && len >= 39 && alnumDashUnderscore(s, st + 4, end)) {
      return "GOOGLE_API_KEY";
    }
    if (s.startsWith("ya29.", st) && len >= 30) {
      return "GOOGLE_OAUTH_TOKEN";
    }
    if ((s.startsWith("sk_live_", st) || s.startsWith("rk_live_", st) || s.startsWith("sk_test_", st)
        || s.startsWith("rk_test_", st)) && len >= 24) {
      return "STRIPE_KEY";
    }
    if (s.startsWith("whsec_", st) && len >= 30) {
      return "STRIPE_WEBHOOK_SECRET";
    }
    if (s.startsWith("eyJ", st) && jwt(s, st, end)) {
      return "JWT";
    }
    return null;
  }

  private static boolean jwt(String s, int st, int end) {
    int dots = 0;
    int seg = 0;
    for (int i = st; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (seg < 4) {
          return false;
        }
        dots++;
        seg = 0;
      } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
        seg++;
      } else {
        return false;
      }
    }
    return dots == 2 && seg >= 4;
  }

  private static boolean alnumDashUnderscore(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean upperDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
        return false;
      }
    }
    return true;
  }

  /**
   * A token that looks like a random credential: mixes digits with letters of both cases, has
   * Shannon entropy of at least 4.0 bits per char, is not a path or a decodable base64 text, and
   * is not a hex digest (those are hashes, not secrets).
   */
  static boolean highEntropy(String s, int st, int end, int[] counts) {
    int len = end - st;
    boolean upper = false;
    boolean lower = false;
    boolean digit = false;
    int slashes = 0;
    int dots = 0;
    java.util.Arrays.fill(counts, 0);
    for (int i = st; i < end; i++) {
      char c = s.charAt(i);
      counts[c]++;
      if (c >= 'A' && c <= 'Z') {
        upper = true;
      } else if (c >= 'a' && c <= 'z') {
        lower = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '/') {
        slashes++;
      } else if (c == '.') {
        dots++;
      }
    }
    if (!(digit && upper && lower) || slashes > 2 || dots > 2) {
      return false;
    }
    double h = 0;
    for (int c = 0; c < 128; c++) {
      if (counts[c] > 0) {
        double p = (double) counts[c] / len;
        h -= p * Math.log(p);
      }
    }
    h /= Math.log(2);
    if (h < 4.0) {
      return false;
    }
    byte[] b = Decoders.base64(s, st, end);
    return b == null || Decoders.printableUtf8(b) == null;
  }
}
