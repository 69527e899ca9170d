package dev.mainstay.testkit.internal;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** Seed mixing so that every call draws from its own reproducible stream. */
public final class Seeds {
  private Seeds() {}

  /**
   * The 64-bit finaliser of SplitMix64: a bijective, well-mixing function of its input.
   *
   * @param z any value
   * @return the mixed value
   */
  public static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /**
   * A stable 64-bit hash of a string (FNV-1a over UTF-8, then mixed), identical on every JVM.
   *
   * @param s a string
   * @return the hash
   */
  public static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return mix64(h);
  }

  /**
   * The stream key of one component (endpoint id plus a role such as {@code "sim"}) for a seed.
   *
   * @param seed the user's seed
   * @param id the endpoint id
   * @param role what draws from the stream
   * @return a key
   */
  public static long streamKey(long seed, String id, String role) {
    return mix64(seed ^ hash(id) ^ mix64(hash(role)));
  }

  /**
   * The random generator of one call: the same key and call number always give the same stream,
   * whatever thread makes the call and whatever other calls run at the same time.
   *
   * @param streamKey from {@link #streamKey}
   * @param callNumber the call number, from 1
   * @return a fresh generator
   */
  public static SplittableRandom forCall(long streamKey, long callNumber) {
    return new SplittableRandom(mix64(streamKey + callNumber * 0x9e3779b97f4a7c15L));
  }
}
