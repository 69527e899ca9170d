package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheKey;
import dev.mainstay.cache.CacheStore;
import dev.mainstay.cache.ResponseCache;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.CacheEvictedEvent;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/** The {@link ResponseCache} built by the public builder. */
public final class DefaultResponseCache implements ResponseCache {
  private final CacheSettings settings;
  private final KeyEncoder keys;
  private final @Nullable SemanticIndex semantic;
  private final Object lock = new Object();
  private @Nullable CacheStore store; // guarded by lock; set by the first decorate
  private @Nullable String clientName; // guarded by lock

  /**
   * A cache with validated settings.
   *
   * @param settings the settings
   */
  public DefaultResponseCache(CacheSettings settings) {
    this.settings = settings;
    this.keys = new KeyEncoder(settings.scope(), settings.keyAttributes());
    this.semantic = settings.embedder() == null ? null : new SemanticIndex(settings.semanticMaxEntries());
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    Objects.requireNonNull(next, "next");
    Objects.requireNonNull(context, "context");
    TimeSource ts = settings.timeSource() != null ? settings.timeSource() : context.timeSource();
    CacheStore s;
    synchronized (lock) {
      if (store != null) {
        throw new IllegalStateException("this ResponseCache already serves client '" + clientName
            + "'; build one ResponseCache per client so answers of different routes never mix");
      }
      s = settings.store();
      if (s == null) {
        Executor ex = settings.executor() != null ? settings.executor() : ForkJoinPool.commonPool();
        CaffeineCacheStore[] self = new CaffeineCacheStore[1];
        s = new CaffeineCacheStore(settings.maximumBytes(), ts, ex,
            (key, entry, cause) -> removed(context, ts, self[0], key, entry.weightBytes(), cause));
        self[0] = (CaffeineCacheStore) s;
      }
      store = s;
      clientName = context.clientName();
    }
    return new CachingClient(next, context, ts, s, keys, settings, semantic);
  }

  private void removed(ClientContext ctx, TimeSource ts, @Nullable CaffeineCacheStore s, CacheKey key,
      int weight, CacheEvictedEvent.Cause cause) {
    SemanticIndex index = semantic;
    if (index != null && cause != CacheEvictedEvent.Cause.REPLACED && (s == null || !s.contains(key))) {
      index.remove(key);
    }
    if (ctx.publishing() && s != null) {
      ctx.publish(new CacheEvictedEvent(ctx.clientName(), "", ts.now(), cause, weight,
          s.entryCount(), s.weightBytes()));
    }
  }

  @Override
  public CacheKey keyOf(ModelRequest request) {
    return keys.key(Objects.requireNonNull(request, "request"));
  }

  @Override
  public void invalidate(ModelRequest request) {
    CacheStore s = current();
    if (s != null) {
      CacheKey k = keyOf(request);
      s.invalidate(k);
      if (semantic != null) {
        semantic.remove(k);
      }
    }
  }

  @Override
  public void invalidateAll() {
    CacheStore s = current();
    if (s != null) {
      s.invalidateAll();
    }
    if (semantic != null) {
      semantic.clear();
    }
  }

  @Override
  public long entryCount() {
    CacheStore s = current();
    return s == null ? 0 : s.entryCount();
  }

  @Override
  public long weightBytes() {
    CacheStore s = current();
    return s == null ? 0 : s.weightBytes();
  }

  @Override
  public int semanticEntries() {
    return semantic == null ? 0 : semantic.size();
  }

  @Override
  public void cleanUp() {
    CacheStore s = current();
    if (s != null) {
      s.cleanUp();
    }
  }

  @Override
  public void close() {
    CacheStore s = current();
    if (s != null) {
      s.close();
    }
    if (semantic != null) {
      semantic.clear();
    }
  }

  private @Nullable CacheStore current() {
    synchronized (lock) {
      return store;
    }
  }

  @Override
  public String name() {
    return settings.embedder() == null ? "ResponseCache" : "ResponseCache+semantic";
  }

  @Override
  public String toString() {
    return name() + "[ttl=" + settings.timeToLive() + ", maxBytes=" + settings.maximumBytes()
        + ", staleWindow=" + settings.staleWindow() + ", scope=" + settings.scope() + "]";
  }
}
