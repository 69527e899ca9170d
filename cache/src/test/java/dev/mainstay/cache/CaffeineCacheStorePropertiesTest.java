package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.cache.internal.CaffeineCacheStore;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.CacheEvictedEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

final class CaffeineCacheStorePropertiesTest {

  private static CacheKey key(int i) {
    byte[] b = new byte[32];
    b[0] = (byte) (i >>> 24);
    b[1] = (byte) (i >>> 16);
    b[2] = (byte) (i >>> 8);
    b[3] = (byte) i;
    b[31] = 1;
    return CacheKey.of(b);
  }

  @Property(tries = 200)
  void put_anySequence_weightNeverExceedsBound(
      @ForAll @IntRange(min = 1_000, max = 200_000) int maxBytes,
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 1, max = 50_000) Integer> weights) {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    CaffeineCacheStore store = new CaffeineCacheStore(maxBytes, ts, Runnable::run, (k, e, c) -> {});
    long hour = Duration.ofHours(1).toNanos();
    // When / Then
    for (int i = 0; i < weights.size(); i++) {
      store.put(key(i % 50), new CachedResponse(ModelResponse.ofText("x"), ts.nanoTime(), hour, hour,
          weights.get(i)));
      store.cleanUp();
      assertThat(store.weightBytes()).isLessThanOrEqualTo(maxBytes);
    }
  }

  @Test
  void put_overBound_evictsWithSizeCause() {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    List<CacheEvictedEvent.Cause> causes = new ArrayList<>();
    CaffeineCacheStore store = new CaffeineCacheStore(10_000, ts, Runnable::run,
        (k, e, c) -> causes.add(c));
    long hour = Duration.ofHours(1).toNanos();
    // When
    for (int i = 0; i < 5; i++) {
      store.put(key(i), new CachedResponse(ModelResponse.ofText("x"), 0, hour, hour, 4_000));
    }
    store.cleanUp();
    // Then
    assertThat(store.weightBytes()).isLessThanOrEqualTo(10_000);
    assertThat(causes).contains(CacheEvictedEvent.Cause.SIZE);
  }

  @Test
  void get_pastRetention_absent() {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    CaffeineCacheStore store = new CaffeineCacheStore(1 << 20, ts, Runnable::run, (k, e, c) -> {});
    long min = Duration.ofMinutes(1).toNanos();
    store.put(key(1), new CachedResponse(ModelResponse.ofText("x"), 0, min, 3 * min, 300));
    // When / Then
    ts.advance(Duration.ofMinutes(2));
    assertThat(store.get(key(1))).isNotNull(); // stale but retained
    ts.advance(Duration.ofMinutes(1));
    assertThat(store.get(key(1))).isNull();
  }

  @Test
  void responseCache_weightBytes_boundedOverManyAnswers() {
    // Given: a 20 KB cache and answers of ~2 KB (1000 chars * 2 + overhead)
    ManualTimeSource ts = new ManualTimeSource();
    Fixtures.CountingModel model =
        new Fixtures.CountingModel(r -> ModelResponse.ofText("y".repeat(1000)));
    ResponseCache cache = Fixtures.syncCache().maximumBytes(20_000).build();
    var c = Fixtures.client(ts, cache, model);
    // When
    for (int i = 0; i < 100; i++) {
      c.call(Fixtures.det("question " + i));
      // Then
      assertThat(cache.weightBytes()).isLessThanOrEqualTo(20_000);
    }
    assertThat(cache.entryCount()).isBetween(1L, 9L);
  }
}
