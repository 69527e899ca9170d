package dev.mainstay.security.internal;

import dev.mainstay.core.Nullable;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Small, allocation-bounded decoders for encoded payloads. All return null on failure. */
public final class Decoders {
  private static final byte[] B64 = new byte[128];
  private static final byte[] B32 = new byte[128];

  static {
    java.util.Arrays.fill(B64, (byte) -1);
    java.util.Arrays.fill(B32, (byte) -1);
    String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; i++) {
      B64[a.charAt(i)] = (byte) i;
    }
    B64['-'] = 62; // base64url
    B64['_'] = 63;
    String b = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    for (int i = 0; i < 32; i++) {
      B32[b.charAt(i)] = (byte) i;
    }
  }

  private Decoders() {}

  /**
   * Decodes base64 or base64url (padding optional).
   *
   * @param s text
   * @param from start
   * @param to end
   * @return bytes, or null when not base64
   */
  public static byte @Nullable [] base64(CharSequence s, int from, int to) {
    int end = to;
    while (end > from && s.charAt(end - 1) == '=') {
      end--;
    }
    int len = end - from;
    if (len % 4 == 1) {
      return null;
    }
    byte[] out = new byte[len * 3 / 4];
    int acc = 0;
    int bits = 0;
    int o = 0;
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      int v = c < 128 ? B64[c] : -1;
      if (v < 0) {
        return null;
      }
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >> bits);
      }
    }
    return o == out.length ? out : java.util.Arrays.copyOf(out, o);
  }

  /**
   * Decodes RFC 4648 base32 (upper case, padding optional).
   *
   * @param s text
   * @param from start
   * @param to end
   * @return bytes, or null
   */
  public static byte @Nullable [] base32(CharSequence s, int from, int to) {
    int end = to;
    while (end > from && s.charAt(end - 1) == '=') {
      end--;
    }
    byte[] out = new byte[(end - from) * 5 / 8];
    long acc = 0;
    int bits = 0;
    int o = 0;
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      int v = c < 128 ? B32[c] : -1;
      if (v < 0) {
        return null;
      }
      acc = (acc << 5) | v;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        if (o < out.length) {
          out[o++] = (byte) (acc >> bits);
        }
      }
    }
    return o == out.length ? out : java.util.Arrays.copyOf(out, o);
  }

  /**
   * Decodes hex digits, skipping separators (space, ':', ',', '\x', '0x', '%').
   *
   * @param s text
   * @param from start
   * @param to end
   * @return bytes, or null
   */
  public static byte @Nullable [] hex(CharSequence s, int from, int to) {
    byte[] out = new byte[(to - from) / 2 + 1];
    int o = 0;
    int hi = -1;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      int v = hexValue(c);
      if (v < 0) {
        if ((c == 'x' || c == 'X') && hi == 0 && o >= 0) {
          hi = -1; // "0x" prefix
          continue;
        }
        if (hi >= 0) {
          return null;
        }
        continue;
      }
      if (hi < 0) {
        hi = v;
      } else {
        out[o++] = (byte) (hi << 4 | v);
        hi = -1;
      }
    }
    return java.util.Arrays.copyOf(out, o);
  }

  static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Decodes percent-encoding ({@code %XX} and {@code +} for space).
   *
   * @param s text
   * @param from start
   * @param to end
   * @return bytes
   */
  public static byte[] percent(CharSequence s, int from, int to) {
    byte[] out = new byte[to - from];
    int o = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < to && hexValue(s.charAt(i + 1)) >= 0
          && hexValue(s.charAt(i + 2)) >= 0) {
        out[o++] = (byte) (hexValue(s.charAt(i + 1)) << 4 | hexValue(s.charAt(i + 2)));
        i += 2;
      } else if (c == '+') {
        out[o++] = ' ';
      } else {
        out[o++] = (byte) (c < 128 ? c : '?');
      }
    }
    return java.util.Arrays.copyOf(out, o);
  }

  /**
   * The bytes as text when they are valid UTF-8 and mostly printable (at least 85% of chars are
   * letters, digits, punctuation or spaces, and at least a third are letters).
   *
   * @param bytes decoded bytes
   * @return the text, or null
   */
  public static @Nullable String printableUtf8(byte[] bytes) {
    if (bytes.length < 4) {
      return null;
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer cb;
    try {
      cb = dec.decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return null;
    }
    String s = cb.toString();
    int printable = 0;
    int letters = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        printable++;
      } else if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || (c >= 0x21 && c < 0x7F)
          || Character.isDigit(c) || c > 0xA0 && !Character.isISOControl(c)) {
        printable++;
      }
    }
    int n = s.length();
    return n > 0 && printable * 100 >= n * 85 && letters * 3 >= n ? s : null;
  }
}
