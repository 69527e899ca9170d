package dev.mainstay.cache.internal;

import dev.mainstay.cache.CacheAttributes;
import dev.mainstay.cache.CacheKey;
import dev.mainstay.cache.CacheStore;
import dev.mainstay.cache.CachedResponse;
import dev.mainstay.cache.Embedder;
import dev.mainstay.core.Attributes;
import dev.mainstay.core.CallFacts;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.CacheHitEvent;
import dev.mainstay.core.event.CacheLoadedEvent;
import dev.mainstay.core.event.CacheMissEvent;
import dev.mainstay.core.event.StaleServedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The caching stage around the inner chain: exact lookup, semantic lookup, single-flight loads,
 * stale-if-error and background refresh.
 *
 * <p>Single-flight: the first caller of a missing key registers a {@link CompletableFuture} in
 * {@link #inflight} and calls the inner chain on its own thread, holding no lock; identical callers
 * that arrive meanwhile wait on that future, each bounded by its own deadline through the {@link
 * TimeSource}. Waiters never cancel the shared future, so a waiter's timeout or cancellation cannot
 * reach the loader. A failed load is not cached and fails exactly the callers waiting on it; a load
 * whose answer may not be cached (flagged, truncated) or that was cancelled lets each waiter call
 * the chain itself.
 */
final class CachingClient implements ModelClient {
  private static final CallFacts HIT = new CallFacts(0, true, false, false);
  private static final CallFacts STALE = new CallFacts(0, true, true, false);

  private final ModelClient next;
  private final ClientContext ctx;
  private final TimeSource ts;
  private final CacheStore store;
  private final KeyEncoder keys;
  private final CacheSettings settings;
  private final @Nullable Embedder embedder;
  private final @Nullable SemanticIndex semantic;
  private final long ttlNanos;
  private final long staleNanos;
  private final long refreshNanos;
  private final ConcurrentHashMap<CacheKey, CompletableFuture<Outcome>> inflight =
      new ConcurrentHashMap<>();

  CachingClient(ModelClient next, ClientContext ctx, TimeSource ts, CacheStore store,
      KeyEncoder keys, CacheSettings settings, @Nullable SemanticIndex semantic) {
    this.next = next;
    this.ctx = ctx;
    this.ts = ts;
    this.store = store;
    this.keys = keys;
    this.settings = settings;
    this.embedder = settings.embedder();
    this.semantic = semantic;
    this.ttlNanos = nanos(settings.timeToLive());
    this.staleNanos = nanos(settings.staleWindow());
    this.refreshNanos = nanos(settings.refreshAfterWrite());
  }

  private static long nanos(Duration d) {
    return d.toSeconds() >= (1L << 62) / 1_000_000_000L ? 1L << 62 : d.toNanos();
  }

  /** How a load ended, as seen by the callers waiting on it. */
  private static class Outcome {
    static final Outcome NOT_SHARED = new Outcome(null, null);

    final @Nullable ModelResponse response;
    final @Nullable ModelException failure;

    private Outcome(@Nullable ModelResponse response, @Nullable ModelException failure) {
      this.response = response;
      this.failure = failure;
    }
  }

  /** The semantic probe of a request: its partition and the unit vector of its last message. */
  private static final class Probe {
    final CacheKey partition;
    final float[] unit;

    Probe(CacheKey partition, float[] unit) {
      this.partition = partition;
      this.unit = unit;
    }
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    Directives d = Directives.of(request);
    if (!cacheableRequest(request, d) || (d.noCache && d.noStore)) {
      return next.call(request);
    }
    CacheKey key = keys.key(request);
    Probe probe = null;
    if (!d.noCache) {
      long now = ts.nanoTime();
      CachedResponse e = store.get(key);
      if (e != null && e.fresh(now) && d.acceptsAge(e.ageNanos(now))) {
        maybeRefresh(key, e, request, d, now);
        publishHit(request, false, 1.0, false, e.ageNanos(now));
        return e.response().facts(HIT);
      }
      if (semantic != null && semanticEligible(request)) {
        probe = probe(request);
        if (probe != null) {
          ModelResponse hit = semanticLookup(request, d, probe);
          if (hit != null) {
            return hit;
          }
        }
      }
    }
    if (ctx.publishing()) {
      ctx.publish(new CacheMissEvent(ctx.clientName(), requestId(request), ts.now(),
          request.operation(), request.model(), d.noCache));
    }
    return load(key, request, d, probe);
  }

  // ------------------------------------------------------------------ policy

  private static boolean cacheableRequest(ModelRequest r, Directives d) {
    if (d.store) {
      return true;
    }
    return switch (r.operation()) {
      case EMBEDDING, PREDICT -> true; // no sampling: the same input gives the same output
      default -> r.parameters().deterministic();
    };
  }

  private boolean storable(ModelRequest request, ModelResponse r) {
    if (r.operation() != request.operation() || r.facts().stale()) {
      return false;
    }
    if (r.finishReason() == FinishReason.LENGTH && !settings.cacheTruncated()) {
      return false;
    }
    if (r.finishReason() == FinishReason.CONTENT_FILTER) {
      return false;
    }
    return !Attributes.isFlagged(r.attributes().get(CacheAttributes.GUARD_FLAGGED))
        && !Attributes.isFlagged(request.attributes().get(CacheAttributes.GUARD_FLAGGED));
  }

  // ------------------------------------------------------------------ semantic

  private static boolean semanticEligible(ModelRequest r) {
    return r.operation() == Operation.CHAT || r.operation() == Operation.COMPLETION;
  }

  private @Nullable Probe probe(ModelRequest request) {
    Embedder emb = embedder;
    if (emb == null) {
      return null;
    }
    List<Message> ms = request.messages();
    String last = ms.get(ms.size() - 1).text();
    float[] v;
    try {
      Deadline deadline = request.deadline();
      v = emb.embed(last, deadline == null ? Deadline.after(ctx.defaultTimeout(), ts) : deadline);
    } catch (ModelException e) {
      return null; // the embedder failed: an exact-only miss, never a failed call
    }
    if (v == null || v.length == 0 || !VectorIndex.normalise(v)) {
      return null;
    }
    return new Probe(keys.partition(request), v);
  }

  private @Nullable ModelResponse semanticLookup(ModelRequest request, Directives d, Probe probe) {
    SemanticIndex index = Objects.requireNonNull(semantic);
    VectorIndex.Match m = index.nearest(probe.partition, probe.unit, settings.similarityThreshold());
    if (m == null) {
      return null;
    }
    CachedResponse e = store.get(m.key());
    long now = ts.nanoTime();
    if (e == null) {
      index.removeFrom(probe.partition, m.key());
      return null;
    }
    if (!e.fresh(now) || !d.acceptsAge(e.ageNanos(now))) {
      return null;
    }
    publishHit(request, true, m.similarity(), false, e.ageNanos(now));
    return e.response().facts(HIT)
        .attribute(CacheAttributes.SIMILARITY, String.format(Locale.ROOT, "%.4f", m.similarity()));
  }

  // ------------------------------------------------------------------ loading

  private ModelResponse load(CacheKey key, ModelRequest request, Directives d, @Nullable Probe probe) {
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    CompletableFuture<Outcome> existing = inflight.putIfAbsent(key, mine);
    if (existing != null) {
      Outcome o = await(existing, request);
      if (o.response != null && !(d.noCache && o.response.facts().stale())) {
        publishHit(request, false, 1.0, true, 0);
        return o.response.facts(o.response.facts().stale() ? STALE : HIT);
      }
      ModelException f = o.failure;
      if (f != null) {
        throw new ModelException(f.kind(), "an identical call in flight failed: " + f.getMessage(),
            f.endpointId().orElse(null), f.attempt(), f.retryAfter().orElse(null), f);
      }
      // The load's answer may not be shared, was cancelled, or is stale and we said no-cache:
      // call on our own.
      return loadUncoalesced(key, request, d, probe);
    }
    try {
      if (!d.noCache) {
        // A load may have finished between our lookup and our registration: look once more.
        long now = ts.nanoTime();
        CachedResponse e = store.get(key);
        if (e != null && e.fresh(now) && d.acceptsAge(e.ageNanos(now))) {
          mine.complete(new Outcome(e.response(), null)); // its miss event was already published
          return e.response().facts(HIT);
        }
      }
      Outcome o = loadAndStore(key, request, d, probe, false);
      ModelException failed = o.failure;
      // A cancelled loader says nothing about the model: let waiters call on their own.
      mine.complete(failed != null && failed.kind() == ErrorKind.CANCELLED ? Outcome.NOT_SHARED : o);
      if (o.failure != null) {
        throw o.failure;
      }
      return Objects.requireNonNull(o.response);
    } finally {
      if (!mine.isDone()) {
        mine.complete(Outcome.NOT_SHARED); // an Error or unexpected exception: waiters go alone
      }
      inflight.remove(key, mine);
    }
  }

  private ModelResponse loadUncoalesced(CacheKey key, ModelRequest request, Directives d,
      @Nullable Probe probe) {
    Outcome o = loadAndStore(key, request, d, probe, false);
    if (o.failure != null) {
      throw o.failure;
    }
    return Objects.requireNonNull(o.response);
  }

  /**
   * Calls the inner chain and stores a cacheable answer. The returned outcome's response is what
   * this caller returns; an {@link UnsharedOutcome} is not handed to waiters.
   */
  private Outcome loadAndStore(CacheKey key, ModelRequest request, Directives d,
      @Nullable Probe probe, boolean refresh) {
    long start = ts.nanoTime();
    ModelResponse r;
    try {
      r = next.call(request);
    } catch (ModelException e) {
      ModelResponse stale = stale(key, request, d, e);
      if (stale != null) {
        return new Outcome(stale, null);
      }
      return new Outcome(null, e);
    }
    return afterLoad(key, request, d, probe, Objects.requireNonNull(r, "the inner chain returned null"),
        start, refresh);
  }

  private Outcome afterLoad(CacheKey key, ModelRequest request, Directives d, @Nullable Probe probe,
      ModelResponse r, long start, boolean refresh) {
    boolean shareable = storable(request, r);
    boolean stored = false;
    if (shareable && !d.noStore) {
      store(key, request, d, r, probe);
      stored = true;
    }
    if (ctx.publishing()) {
      ctx.publish(new CacheLoadedEvent(ctx.clientName(), requestId(request), ts.now(),
          request.operation(), request.model(), Duration.ofNanos(ts.nanoTime() - start), stored,
          refresh, store.entryCount(), store.weightBytes()));
    }
    return shareable ? new Outcome(r, null) : new UnsharedOutcome(r);
  }

  /** An answer this caller returns but waiters must not get. */
  private static final class UnsharedOutcome extends Outcome {
    UnsharedOutcome(ModelResponse r) {
      super(r, null);
    }
  }

  private void store(CacheKey key, ModelRequest request, Directives d, ModelResponse r,
      @Nullable Probe probe) {
    long fresh = ttlNanos;
    if (d.maxAgeNanos > 0) {
      fresh = Math.min(fresh, d.maxAgeNanos);
    }
    int weight = Weights.estimate(r);
    Probe p = probe;
    if (semantic != null && p == null && semanticEligible(request)) {
      p = probe(request);
    }
    if (p != null) {
      weight = (int) Math.min(Integer.MAX_VALUE, weight + 4L * p.unit.length);
    }
    // Keep the original facts minus cache flags; hits rewrite them anyway.
    store.put(key, new CachedResponse(r, ts.nanoTime(), fresh, fresh + staleNanos, weight));
    if (p != null && semantic != null) {
      semantic.put(p.partition, key, p.unit);
    }
  }

  private @Nullable ModelResponse stale(CacheKey key, ModelRequest request, Directives d,
      ModelException failure) {
    if (staleNanos <= 0 || d.noCache || !failure.kind().failover()) {
      return null;
    }
    CachedResponse e = store.get(key);
    long now = ts.nanoTime();
    if (e == null || e.ageNanos(now) >= e.retainNanos()) {
      return null;
    }
    long age = e.ageNanos(now);
    if (ctx.publishing()) {
      ctx.publish(new StaleServedEvent(ctx.clientName(), requestId(request), ts.now(),
          request.operation(), request.model(), failure.kind(), Duration.ofNanos(age),
          Duration.ofNanos(Math.max(0, age - e.freshNanos()))));
    }
    return e.response().facts(STALE);
  }

  @SuppressWarnings("FutureReturnValueIgnored") // the dependent future is read right below
  private Outcome await(CompletableFuture<Outcome> flight, ModelRequest request) {
    Deadline deadline = request.deadline();
    long left = deadline == null ? nanos(ctx.defaultTimeout()) : deadline.remainingNanos();
    if (left <= 0) {
      throw new ModelException(ErrorKind.TIMEOUT,
          "deadline passed while waiting for an identical call in flight");
    }
    // A private future: the shared one is never completed or cancelled by a waiter.
    CompletableFuture<Outcome> mine = new CompletableFuture<>();
    flight.whenComplete((o, t) -> mine.complete(o == null || o instanceof UnsharedOutcome
        ? Outcome.NOT_SHARED : o));
    TimeSource.Cancellable timer = ts.schedule(Duration.ofNanos(left), () -> mine.completeExceptionally(
        new ModelException(ErrorKind.TIMEOUT,
            "deadline passed while waiting for an identical call in flight")));
    try {
      return mine.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(ErrorKind.CANCELLED,
          "interrupted while waiting for an identical call in flight", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof ModelException) {
        throw (ModelException) c; // our own timeout, created for this waiter
      }
      throw new ModelException(ErrorKind.UNAVAILABLE, "waiting for an identical call failed", c);
    } finally {
      timer.cancel();
    }
  }

  // ------------------------------------------------------------------ refresh

  @SuppressWarnings("FutureReturnValueIgnored") // the refresh completes on its own; nobody waits
  private void maybeRefresh(CacheKey key, CachedResponse e, ModelRequest request, Directives d,
      long now) {
    if (refreshNanos <= 0 || d.noStore || e.ageNanos(now) < refreshNanos) {
      return;
    }
    CompletableFuture<Outcome> flight = new CompletableFuture<>();
    if (inflight.putIfAbsent(key, flight) != null) {
      return; // a load or refresh of this key is already running
    }
    ModelRequest r = request.withDeadline(Deadline.after(ctx.defaultTimeout(), ts));
    long start = ts.nanoTime();
    CompletableFuture<ModelResponse> call;
    try {
      call = next.callAsync(r); // off the caller's thread, on the inner chain's executor
    } catch (RuntimeException ex) {
      flight.complete(Outcome.NOT_SHARED);
      inflight.remove(key, flight);
      return;
    }
    call.whenComplete((resp, failure) -> {
      try {
        flight.complete(resp == null ? Outcome.NOT_SHARED
            : afterLoad(key, r, d, null, resp, start, true));
      } finally {
        if (!flight.isDone()) {
          flight.complete(Outcome.NOT_SHARED);
        }
        inflight.remove(key, flight);
      }
    });
  }

  // ------------------------------------------------------------------ events

  private void publishHit(ModelRequest request, boolean sem, double similarity, boolean coalesced,
      long ageNanos) {
    if (ctx.publishing()) {
      ctx.publish(new CacheHitEvent(ctx.clientName(), requestId(request), ts.now(),
          request.operation(), request.model(), sem, similarity, coalesced,
          Duration.ofNanos(ageNanos)));
    }
  }

  private static String requestId(ModelRequest r) {
    String id = r.requestId();
    return id == null ? "" : id;
  }

  @Override
  public void close() {
    next.close();
  }

  @Override
  public String toString() {
    return "ResponseCache(" + next + ")";
  }
}
