package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheKey;
import dev.mainstay.cache.CacheScope;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Parameters;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Computes cache keys: SHA-256 over a canonical, unambiguous encoding of a request.
 *
 * <p>Every variable-length field is length-prefixed and every optional field carries a presence
 * byte, so two different requests can only share an encoding if they are equal in every encoded
 * field. Strings are written as a tag, a length and their UTF-8 bytes (the JDK's fast path); a
 * string holding a lone surrogate, which UTF-8 cannot represent, is written with another tag as its
 * char count followed by each UTF-16 unit in a prefix-free 1-3 byte code, so the encoding stays
 * injective on every char sequence.
 *
 * <p>Encoded: operation, model alias, messages (role and text), embedding inputs, features (sorted
 * by name; numbers by exact decimal value, so {@code 1}, {@code 1L} and {@code 1.0} are equal),
 * every field of {@link Parameters} (stop sequences as a sorted set, {@code extra} sorted; {@code
 * -0.0} as {@code 0.0}), the configured key attributes (sorted by name) and the isolation scope.
 * Never encoded: other attributes, request id, deadline, timeout.
 *
 * <p>Thread-safe: each thread uses its own buffer and digest.
 */
public final class KeyEncoder {
  private static final byte VERSION = 1;
  private static final byte DOMAIN_EXACT = 'E';
  private static final byte DOMAIN_PARTITION = 'P';

  private static final MessageDigest PROTOTYPE;

  static {
    try {
      PROTOTYPE = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final ThreadLocal<Sink> SINKS = ThreadLocal.withInitial(Sink::new);

  private final CacheScope scope;
  private final List<String> keyAttributes;

  /**
   * An encoder.
   *
   * @param scope the isolation scope
   * @param keyAttributes request attributes that affect the answer and so belong in the key
   */
  public KeyEncoder(CacheScope scope, List<String> keyAttributes) {
    this.scope = scope;
    this.keyAttributes = List.copyOf(new TreeSet<>(keyAttributes));
  }

  /**
   * The exact-cache key of a request.
   *
   * @param request the request
   * @return its key
   */
  public CacheKey key(ModelRequest request) {
    Sink s = SINKS.get();
    s.reset();
    s.b(VERSION).b(DOMAIN_EXACT);
    common(s, request);
    s.i(request.messages().size());
    for (Message m : request.messages()) {
      s.str(m.role().name()).str(m.text());
    }
    s.i(request.inputs().size());
    for (String in : request.inputs()) {
      s.str(in);
    }
    s.i(request.features().size());
    for (Map.Entry<String, Object> f : request.features().entrySet()) {
      s.str(f.getKey());
      value(s, f.getValue());
    }
    return s.finish();
  }

  /**
   * The semantic partition of a chat or completion request: everything the exact key covers except
   * the text of the last message, of which its role and its {@link LiteralSignature} (numbers,
   * negation) are kept. Requests in one partition differ at most in the wording of their last
   * message.
   *
   * @param request a CHAT or COMPLETION request
   * @return the partition key
   */
  public CacheKey partition(ModelRequest request) {
    Sink s = SINKS.get();
    s.reset();
    s.b(VERSION).b(DOMAIN_PARTITION);
    common(s, request);
    List<Message> ms = request.messages();
    s.i(ms.size());
    for (int i = 0; i < ms.size(); i++) {
      Message m = ms.get(i);
      s.str(m.role().name());
      if (i < ms.size() - 1) {
        s.str(m.text());
      } else {
        s.str(LiteralSignature.of(m.text())); // numbers and negation must match exactly
      }
    }
    return s.finish();
  }

  private void common(Sink s, ModelRequest r) {
    s.str(scope.name());
    s.opt(r.tenant());
    if (scope == CacheScope.TENANT_AND_PRINCIPAL) {
      s.opt(r.principal());
    }
    s.str(r.operation().name()).str(r.model());
    Parameters p = r.parameters();
    s.optDouble(p.temperature()).optDouble(p.topP());
    Integer maxTokens = p.maxTokens();
    if (maxTokens == null) {
      s.b((byte) 0);
    } else {
      s.b((byte) 1).i(maxTokens);
    }
    TreeSet<String> stop = new TreeSet<>(p.stop());
    s.i(stop.size());
    for (String st : stop) {
      s.str(st);
    }
    Long seed = p.seed();
    if (seed == null) {
      s.b((byte) 0);
    } else {
      s.b((byte) 1).l(seed);
    }
    s.str(p.responseFormat().name()).opt(p.jsonSchema());
    s.i(p.extra().size());
    for (Map.Entry<String, String> e : p.extra().entrySet()) {
      s.str(e.getKey()).str(e.getValue());
    }
    s.i(keyAttributes.size());
    for (String name : keyAttributes) {
      s.str(name).opt(r.attributes().get(name));
    }
  }

  private static void value(Sink s, Object v) {
    if (v instanceof String) {
      s.b((byte) 'S').str((String) v);
    } else if (v instanceof Boolean) {
      s.b((byte) 'B').b((byte) (((Boolean) v) ? 1 : 0));
    } else if (v instanceof Number) {
      s.b((byte) 'N').str(canonicalNumber((Number) v));
    } else if (v instanceof List) {
      List<?> list = (List<?>) v;
      s.b((byte) 'L').i(list.size());
      for (Object x : list) {
        value(s, x);
      }
    } else {
      // ModelRequest admits no other types; encode the class too so nothing can collide.
      s.b((byte) 'O').str(v.getClass().getName()).str(String.valueOf(v));
    }
  }

  /**
   * The exact decimal value of a number, so that equal values of different boxed types encode the
   * same.
   */
  static String canonicalNumber(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return Long.toString(n.longValue());
    }
    BigDecimal d;
    if (n instanceof Double || n instanceof Float) {
      double x = n.doubleValue();
      if (!Double.isFinite(x)) {
        return Double.toString(x);
      }
      // Float.toString keeps a float's shortest repr (0.1f -> "0.1"), matching what the caller wrote.
      d = new BigDecimal(n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(x));
    } else if (n instanceof BigDecimal) {
      d = (BigDecimal) n;
    } else if (n instanceof BigInteger) {
      d = new BigDecimal((BigInteger) n);
    } else {
      return n.getClass().getName() + ":" + n;
    }
    if (d.signum() == 0) {
      return "0";
    }
    return d.stripTrailingZeros().toPlainString();
  }

  /** A growable byte buffer plus a digest, one per thread. */
  private static final class Sink {
    private byte[] buf = new byte[4096];
    private int len;
    private final MessageDigest digest;

    Sink() {
      try {
        digest = (MessageDigest) PROTOTYPE.clone();
      } catch (CloneNotSupportedException e) {
        throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
      }
    }

    void reset() {
      len = 0;
      digest.reset();
      if (buf.length > 1 << 16) {
        buf = new byte[4096]; // do not pin a huge buffer after one huge prompt
      }
    }

    private void ensure(int more) {
      if (len + more > buf.length) {
        if (len > 0) {
          digest.update(buf, 0, len);
          len = 0;
        }
        if (more > buf.length) {
          buf = new byte[Math.max(more, buf.length * 2)];
        }
      }
    }

    Sink b(byte v) {
      ensure(1);
      buf[len++] = v;
      return this;
    }

    Sink i(int v) {
      ensure(4);
      buf[len++] = (byte) (v >>> 24);
      buf[len++] = (byte) (v >>> 16);
      buf[len++] = (byte) (v >>> 8);
      buf[len++] = (byte) v;
      return this;
    }

    Sink l(long v) {
      i((int) (v >>> 32));
      return i((int) v);
    }

    Sink str(String v) {
      byte[] utf8 = v.getBytes(StandardCharsets.UTF_8); // intrinsic fast path for Latin-1 text
      if (countQuestionMarks(utf8) == countQuestionMarks(v)) {
        // No lone surrogate was replaced by '?', so this UTF-8 is injective.
        b((byte) 'U').i(utf8.length);
        if (utf8.length > buf.length - len) {
          digest.update(buf, 0, len);
          len = 0;
          digest.update(utf8);
        } else {
          System.arraycopy(utf8, 0, buf, len, utf8.length);
          len += utf8.length;
        }
        return this;
      }
      return b((byte) 'C').chars(v);
    }

    private static int countQuestionMarks(byte[] b) {
      int n = 0;
      for (byte x : b) {
        if (x == '?') {
          n++;
        }
      }
      return n;
    }

    private static int countQuestionMarks(String s) {
      int n = 0;
      for (int at = s.indexOf('?'); at >= 0; at = s.indexOf('?', at + 1)) {
        n++;
      }
      return n;
    }

    /** Each UTF-16 unit in a prefix-free 1-3 byte code; injective also with lone surrogates. */
    private Sink chars(String v) {
      int n = v.length();
      i(n);
      int at = 0;
      while (at < n) {
        int chunk = Math.min(n - at, 1024);
        ensure(chunk * 3);
        byte[] b = buf;
        int p = len;
        for (int k = at, end = at + chunk; k < end; k++) {
          char c = v.charAt(k);
          if (c < 0x80) {
            b[p++] = (byte) c;
          } else if (c < 0x800) {
            b[p++] = (byte) (0xC0 | (c >> 6));
            b[p++] = (byte) (0x80 | (c & 0x3F));
          } else {
            b[p++] = (byte) (0xE0 | (c >> 12));
            b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[p++] = (byte) (0x80 | (c & 0x3F));
          }
        }
        len = p;
        at += chunk;
      }
      return this;
    }

    Sink opt(@Nullable String v) {
      if (v == null) {
        return b((byte) 0);
      }
      return b((byte) 1).str(v);
    }

    Sink optDouble(@Nullable Double v) {
      if (v == null) {
        return b((byte) 0);
      }
      double x = v == 0.0 ? 0.0 : v; // -0.0 and 0.0 ask for the same thing
      return b((byte) 1).l(Double.doubleToLongBits(x));
    }

    CacheKey finish() {
      digest.update(buf, 0, len);
      len = 0;
      byte[] out = new byte[32];
      try {
        digest.digest(out, 0, 32);
      } catch (DigestException e) {
        throw new IllegalStateException("SHA-256 digest failed", e);
      }
      return CacheKey.of(out);
    }
  }
}
