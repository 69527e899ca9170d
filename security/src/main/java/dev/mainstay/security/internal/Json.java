package dev.mainstay.security.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON parser (RFC 8259): objects become {@link Map}s in document order, arrays
 * {@link List}s, numbers {@link BigDecimal}s, {@code null} the {@link #NULL} marker. Nesting is
 * limited to 256 levels; errors name a position, never the content.
 */
public final class Json {
  /** The JSON {@code null}. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** A parse failure; its message names the offset only. */
  public static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String what, int at) {
      super(what + " at offset " + at);
    }
  }

  private static final int MAX_DEPTH = 256;
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  /**
   * Parses a document.
   *
   * @param text the JSON text
   * @return the value
   * @throws ParseException when the text is not one JSON value
   */
  public static Object parse(String text) throws ParseException {
    Json p = new Json(text);
    p.ws();
    Object v = p.value(0);
    p.ws();
    if (p.i != text.length()) {
      throw new ParseException("trailing characters", p.i);
    }
    return v;
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        i++;
      } else {
        break;
      }
    }
  }

  private Object value(int depth) throws ParseException {
    if (depth > MAX_DEPTH) {
      throw new ParseException("nesting too deep", i);
    }
    if (i >= s.length()) {
      throw new ParseException("unexpected end", i);
    }
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || c >= '0' && c <= '9') {
          return number();
        }
        throw new ParseException("unexpected character", i);
    }
  }

  private Object literal(String word, Object v) throws ParseException {
    if (!s.startsWith(word, i)) {
      throw new ParseException("invalid literal", i);
    }
    i += word.length();
    return v;
  }

  private Map<String, Object> object(int depth) throws ParseException {
    i++;
    Map<String, Object> m = new LinkedHashMap<>();
    ws();
    if (i < s.length() && s.charAt(i) == '}') {
      i++;
      return m;
    }
    while (true) {
      ws();
      if (i >= s.length() || s.charAt(i) != '"') {
        throw new ParseException("expected a member name", i);
      }
      String key = string();
      ws();
      if (i >= s.length() || s.charAt(i) != ':') {
        throw new ParseException("expected ':'", i);
      }
      i++;
      ws();
      m.put(key, value(depth + 1));
      ws();
      if (i >= s.length()) {
        throw new ParseException("unexpected end", i);
      }
      char c = s.charAt(i++);
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw new ParseException("expected ',' or '}'", i - 1);
      }
    }
  }

  private List<Object> array(int depth) throws ParseException {
    i++;
    List<Object> l = new ArrayList<>();
    ws();
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
      return l;
    }
    while (true) {
      ws();
      l.add(value(depth + 1));
      ws();
      if (i >= s.length()) {
        throw new ParseException("unexpected end", i);
      }
      char c = s.charAt(i++);
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw new ParseException("expected ',' or ']'", i - 1);
      }
    }
  }

  private String string() throws ParseException {
    int start = i;
    i++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (i >= s.length()) {
        throw new ParseException("unterminated string", start);
      }
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw new ParseException("control character in string", i - 1);
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (i >= s.length()) {
        throw new ParseException("unterminated escape", i);
      }
      char e = s.charAt(i++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          sb.append(e);
          break;
        case 'b':
          sb.append('\b');
          break;
        case 'f':
          sb.append('\f');
          break;
        case 'n':
          sb.append('\n');
          break;
        case 'r':
          sb.append('\r');
          break;
        case 't':
          sb.append('\t');
          break;
        case 'u':
          if (i + 4 > s.length()) {
            throw new ParseException("bad unicode escape", i);
          }
          int v = 0;
          for (int k = 0; k < 4; k++) {
            int h = Decoders.hexValue(s.charAt(i + k));
            if (h < 0) {
              throw new ParseException("bad unicode escape", i);
            }
            v = v << 4 | h;
          }
          sb.append((char) v);
          i += 4;
          break;
        default:
          throw new ParseException("bad escape", i - 1);
      }
    }
  }

  private BigDecimal number() throws ParseException {
    int start = i;
    if (s.charAt(i) == '-') {
      i++;
    }
    if (i >= s.length()) {
      throw new ParseException("bad number", start);
    }
    if (s.charAt(i) == '0') {
      i++;
    } else if (s.charAt(i) >= '1' && s.charAt(i) <= '9') {
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
    } else {
      throw new ParseException("bad number", start);
    }
    if (i < s.length() && s.charAt(i) == '.') {
      i++;
      int d = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == d) {
        throw new ParseException("bad number", start);
      }
    }
    if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int d = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == d) {
        throw new ParseException("bad number", start);
      }
    }
    try {
      return new BigDecimal(s.substring(start, i));
    } catch (NumberFormatException e) {
      throw new ParseException("bad number", start);
    }
  }
}
