package dev.mainstay.security.internal;

import dev.mainstay.security.ScanContext;
import dev.mainstay.security.Scanner;

/**
 * Personal data: email addresses, phone numbers (international with '+', or North American
 * formats), payment card numbers (13-19 digits passing Luhn), IBANs (ISO 13616 mod-97), US
 * social security numbers (ddd-dd-dddd, excluding never-issued areas) and IPv4 addresses. One pass
 * with hand-written matchers; every expansion is bounded, so run time is linear.
 */
public final class PiiScanner implements Scanner {

  /** ASCII chars that can start a match. */
  private static final boolean[] TRIGGER = new boolean[128];

  static {
    TRIGGER['@'] = true;
    TRIGGER['+'] = true;
    TRIGGER['('] = true;
    for (char c = '0'; c <= '9'; c++) {
      TRIGGER[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      TRIGGER[c] = true;
    }
  }

  @Override
  public String name() {
    return "pii";
  }

  @Override
  public void scan(ScanContext ctx) {
    String s = ctx.text();
    int n = s.length();
    int lastAt = -1;
    int i = 0;
    byte[] ascii = ScanEngine.asciiBytes(ctx);
    while (i < n) {
      // skip to the next char that can start a match: '@', a digit, '+', '(' or a capital
      if (ascii != null) {
        while (i < n && !TRIGGER[ascii[i]]) {
          i++;
        }
      } else {
        while (i < n && (s.charAt(i) >= 128 || !TRIGGER[s.charAt(i)])) {
          i++;
        }
      }
      if (i >= n) {
        break;
      }
      char c = s.charAt(i);
      if (c == '@') {
        int end = email(ctx, s, i, lastAt);
        lastAt = i;
        i = Math.max(i + 1, end);
        continue;
      }
      boolean boundary = i == 0 || !isAlnum(s.charAt(i - 1));
      if (boundary && (c >= '0' && c <= '9' || c == '+' || c == '(') && i + 1 < n) {
        int end = number(ctx, s, i);
        i = Math.max(i + 1, end);
        continue;
      }
      if (boundary && c >= 'A' && c <= 'Z' && i + 3 < n) {
        int end = iban(ctx, s, i);
        i = Math.max(i + 1, end);
        continue;
      }
      i++;
    }
  }

  private static boolean isAlnum(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  private static boolean localChar(char c) {
    return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static int email(ScanContext ctx, String s, int at, int lastAt) {
    int l = at;
    int floor = Math.max(lastAt + 1, at - 64);
    while (l > floor && localChar(s.charAt(l - 1))) {
      l--;
    }
    while (l < at && s.charAt(l) == '.') {
      l++;
    }
    if (l == at) {
      return at + 1;
    }
    int r = at + 1;
    int lastDot = -1;
    int limit = Math.min(s.length(), at + 256);
    while (r < limit) {
      char c = s.charAt(r);
      if (isAlnum(c) || c == '-') {
        r++;
      } else if (c == '.' && r + 1 < limit && isAlnum(s.charAt(r + 1))) {
        lastDot = r;
        r++;
      } else {
        break;
      }
    }
    if (lastDot < 0 || r - lastDot - 1 < 2) {
      return at + 1;
    }
    for (int k = lastDot + 1; k < r; k++) {
      if (!Character.isLetter(s.charAt(k))) {
        return at + 1;
      }
    }
    ctx.report("EMAIL", l, r, 0.95);
    return r;
  }

  /** Numbers: IPv4, SSN, card, phone. Returns the end of the consumed span. */
  private static int number(ScanContext ctx, String s, int start) {
    int n = s.length();
    int i = start;
    boolean plus = false;
    if (s.charAt(i) == '+') {
      plus = true;
      i++;
    }
    long digits = 0;
    int count = 0;
    int groups = 0;
    int dots = 0;
    int dashes = 0;
    int spaces = 0;
    int parens = 0;
    int[] groupLen = new int[20];
    int curGroup = 0;
    int end = i;
    int limit = Math.min(n, start + 40);
    boolean lastSep = true;
    while (i < limit) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        count++;
        curGroup++;
        if (count <= 18) {
          digits = digits * 10 + (c - '0');
        }
        lastSep = false;
        end = i + 1;
        i++;
      } else if ((c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') && !lastSep
          || c == '(' && i == start) {
        if (i + 1 >= n) {
          break;
        }
        char nx = s.charAt(i + 1);
        boolean nextOk = nx >= '0' && nx <= '9' || (c == ')' && nx == ' ') || (c == ' ' && nx == '(');
        if (!nextOk) {
          break;
        }
        if (curGroup > 0 && groups < groupLen.length) {
          groupLen[groups++] = curGroup;
        }
        curGroup = 0;
        if (c == '.') {
          dots++;
        } else if (c == '-') {
          dashes++;
        } else if (c == ' ') {
          spaces++;
        } else {
          parens++;
        }
        lastSep = c != ')';
        i++;
      } else {
        break;
      }
    }
    if (curGroup > 0 && groups < groupLen.length) {
      groupLen[groups++] = curGroup;
    }
    if (count == 0) {
      return start + 1;
    }
    if (end < n && isAlnum(s.charAt(end))) {
      return end;
    }
    // IPv4
    if (!plus && dots == 3 && dashes == 0 && spaces == 0 && parens == 0 && groups == 4
        && ipv4(s, start, end)) {
      ctx.report("IP_ADDRESS", start, end, 0.8);
      return end;
    }
    // US SSN ddd-dd-dddd
    if (!plus && dashes == 2 && dots == 0 && spaces == 0 && groups == 3 && groupLen[0] == 3
        && groupLen[1] == 2 && groupLen[2] == 4) {
      int area = Integer.parseInt(s.substring(start, start + 3));
      int group = Integer.parseInt(s.substring(start + 4, start + 6));
      int serial = Integer.parseInt(s.substring(start + 7, start + 11));
      if (area != 0 && area != 666 && area < 900 && group != 0 && serial != 0) {
        ctx.report("US_SSN", start, end, 0.9);
        return end;
      }
    }
    // payment card
    if (!plus && count >= 13 && count <= 19 && dots == 0 && parens == 0 && luhn(s, start, end)) {
      char first = firstDigit(s, start);
      if ("23456".indexOf(first) >= 0) {
        ctx.report("CREDIT_CARD", start, end, 0.95);
        return end;
      }
    }
    // phone: international (+ and 8-15 digits in groups of at most 5), or a North American
    // number ((555) 123-4567, 555-123-4567, 1-800-555-1234)
    if (plus && count >= 8 && count <= 15 && dots != 3) {
      boolean small = true;
      for (int k = 0; k < groups; k++) {
        small &= groupLen[k] <= 5;
      }
      if (small) {
        ctx.report("PHONE_NUMBER", start, end, 0.75);
        return end;
      }
    }
    if (!plus && (count == 10 || count == 11)) {
      boolean nanp = groups == 3 && groupLen[0] == 3 && groupLen[1] == 3 && groupLen[2] == 4
          || groups == 4 && groupLen[0] == 1 && groupLen[1] == 3 && groupLen[2] == 3
          && groupLen[3] == 4;
      if (nanp && (dots == 0 || dots == groups - 1)) {
        ctx.report("PHONE_NUMBER", start, end, 0.75);
        return end;
      }
    }
    return end;
  }

  private static char firstDigit(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return c;
      }
    }
    return '0';
  }

  private static boolean ipv4(String s, int from, int to) {
    int value = 0;
    int len = 0;
    for (int i = from; i <= to; i++) {
      char c = i < to ? s.charAt(i) : '.';
      if (c == '.') {
        if (len == 0 || len > 3 || value > 255) {
          return false;
        }
        value = 0;
        len = 0;
      } else {
        value = value * 10 + (c - '0');
        len++;
      }
    }
    return true;
  }

  /**
   * The Luhn check over the digits of s[from, to).
   *
   * @param s text
   * @param from start
   * @param to end
   * @return whether the digits pass
   */
  static boolean luhn(String s, int from, int to) {
    int sum = 0;
    boolean dbl = false;
    int digits = 0;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
      digits++;
    }
    return digits > 0 && sum % 10 == 0;
  }

  /** IBAN: two letters, two check digits, 11-30 alphanumerics, optionally in groups of four. */
  private static int iban(ScanContext ctx, String s, int start) {
    int n = s.length();
    if (!(s.charAt(start + 1) >= 'A' && s.charAt(start + 1) <= 'Z'
        && Character.isDigit(s.charAt(start + 2)) && Character.isDigit(s.charAt(start + 3)))) {
      return start + 1;
    }
    char[] buf = new char[34];
    int len = 0;
    int i = start;
    int end = start;
    while (i < n && len < 34) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
        buf[len++] = c;
        i++;
        end = i;
      } else if (c == ' ' && i + 1 < n && isAlnum(s.charAt(i + 1)) && Character.isUpperCase(s.charAt(i + 1))
          || c == ' ' && i + 1 < n && Character.isDigit(s.charAt(i + 1))) {
        i++;
      } else {
        break;
      }
    }
    if (len < 15 || end < n && isAlnum(s.charAt(end))) {
      return start + 1;
    }
    // try the longest prefix first, then shorter ones ending at a group boundary
    for (int l = len; l >= 15; l--) {
      if (mod97(buf, l)) {
        int e = start;
        int taken = 0;
        while (taken < l) {
          if (s.charAt(e) != ' ') {
            taken++;
          }
          e++;
        }
        ctx.report("IBAN", start, e, 0.95);
        return e;
      }
    }
    return start + 1;
  }

  private static boolean mod97(char[] buf, int len) {
    int rem = 0;
    for (int k = 0; k < len; k++) {
      char c = buf[(k + 4) % len];
      if (c >= '0' && c <= '9') {
        rem = (rem * 10 + (c - '0')) % 97;
      } else {
        int v = c - 'A' + 10;
        rem = (rem * 100 + v) % 97;
      }
    }
    return rem == 1;
  }
}
