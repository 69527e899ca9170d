package dev.mainstay.cache;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import java.util.Arrays;

/**
 * The identity of a cached answer: a 32-byte SHA-256 digest over a canonical, length-prefixed
 * encoding of everything that affects the answer (operation, model alias, messages, inputs,
 * features, parameters, selected attributes) and the isolation scope. Immutable; {@link
 * #toString()} shows a short hex prefix, never request text.
 */
public final class CacheKey {
  private final byte[] digest;
  private final int hash;

  private CacheKey(byte[] digest) {
    this.digest = digest;
    this.hash = (digest[0] & 0xff) << 24 | (digest[1] & 0xff) << 16 | (digest[2] & 0xff) << 8
        | (digest[3] & 0xff);
  }

  /**
   * A key from a digest.
   *
   * @param digest exactly 32 bytes; copied
   * @return the key
   */
  public static CacheKey of(byte[] digest) {
    requireNonNull(digest, "digest");
    if (digest.length != 32) {
      throw new IllegalArgumentException("a cache key is 32 bytes, was " + digest.length);
    }
    return new CacheKey(digest.clone());
  }

  /**
   * A copy of the digest, for distributed stores that need bytes.
   *
   * @return 32 bytes
   */
  public byte[] toBytes() {
    return digest.clone();
  }

  /**
   * The digest in lower-case hex, 64 characters; usable as a key in an external store.
   *
   * @return the hex digest
   */
  public String toHex() {
    StringBuilder sb = new StringBuilder(64);
    for (byte b : digest) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof CacheKey && hash == ((CacheKey) o).hash
        && Arrays.equals(digest, ((CacheKey) o).digest);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "CacheKey[" + toHex().substring(0, 12) + "]";
  }
}
