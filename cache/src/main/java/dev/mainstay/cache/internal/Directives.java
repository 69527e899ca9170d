package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheAttributes;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The cache directives of one request, parsed from its attributes. */
final class Directives {
  static final Directives NONE = new Directives(false, false, false, -1);

  final boolean store;
  final boolean noStore;
  final boolean noCache;
  /** The largest acceptable age in nanoseconds, or -1 for no limit. */
  final long maxAgeNanos;

  private Directives(boolean store, boolean noStore, boolean noCache, long maxAgeNanos) {
    this.store = store;
    this.noStore = noStore;
    this.noCache = noCache || maxAgeNanos == 0;
    this.maxAgeNanos = maxAgeNanos;
  }

  static Directives of(ModelRequest request) {
    String cache = request.attributes().get(CacheAttributes.CACHE);
    String maxAge = request.attributes().get(CacheAttributes.MAX_AGE);
    if (cache == null && maxAge == null) {
      return NONE;
    }
    boolean store = false;
    boolean noStore = false;
    boolean noCache = false;
    if (cache != null) {
      for (String part : cache.split(",", -1)) {
        String d = part.trim().toLowerCase(Locale.ROOT);
        switch (d) {
          case "" -> { }
          case CacheAttributes.STORE -> store = true;
          case CacheAttributes.NO_STORE -> noStore = true;
          case CacheAttributes.NO_CACHE -> noCache = true;
          default -> throw new ModelException(ErrorKind.INVALID_REQUEST,
              "unknown directive in request attribute '" + CacheAttributes.CACHE
                  + "' (allowed: store, no-store, no-cache)");
        }
      }
    }
    long maxAgeNanos = -1;
    if (maxAge != null) {
      Duration d;
      try {
        d = Duration.parse(maxAge.trim());
      } catch (DateTimeParseException e) {
        throw new ModelException(ErrorKind.INVALID_REQUEST, "request attribute '"
            + CacheAttributes.MAX_AGE + "' is not an ISO-8601 duration such as PT5M");
      }
      if (d.isNegative()) {
        throw new ModelException(ErrorKind.INVALID_REQUEST,
            "request attribute '" + CacheAttributes.MAX_AGE + "' must not be negative");
      }
      maxAgeNanos = d.toSeconds() >= Long.MAX_VALUE / 1_000_000_000L - 1 ? Long.MAX_VALUE : d.toNanos();
    }
    return new Directives(store, noStore, noCache, maxAgeNanos);
  }

  boolean acceptsAge(long ageNanos) {
    return maxAgeNanos < 0 || ageNanos <= maxAgeNanos;
  }
}
