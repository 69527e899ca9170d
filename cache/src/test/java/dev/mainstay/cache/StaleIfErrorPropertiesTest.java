package dev.mainstay.cache;

import static dev.mainstay.cache.Fixtures.det;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.cache.Fixtures.CountingModel;
import dev.mainstay.cache.Fixtures.Events;
import dev.mainstay.core.CallFacts;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.event.StaleServedEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

final class StaleIfErrorPropertiesTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private static final Duration WINDOW = Duration.ofHours(1);

  @Property(tries = 200)
  void call_modelFails_staleServedOnlyForFailoverKindsInsideWindow(
      @ForAll ErrorKind kind, @ForAll @LongRange(min = 0, max = 100 * 60) long elapsedSeconds) {
    // Given: an answer cached at t0
    ManualTimeSource ts = new ManualTimeSource();
    CountingModel model = new CountingModel(r -> ModelResponse.ofText("cached answer"));
    Events events = new Events();
    ModelClient c = Fixtures.client(ts,
        Fixtures.syncCache().timeToLive(TTL).staleIfError(WINDOW).build(), model, events);
    c.call(det("q"));
    Duration elapsed = Duration.ofSeconds(elapsedSeconds);
    ts.advance(elapsed);
    model.failWith(kind);
    // When
    boolean fresh = elapsed.compareTo(TTL) < 0;
    boolean inWindow = !fresh && elapsed.compareTo(TTL.plus(WINDOW)) < 0;
    if (fresh) {
      // Then: a fresh hit, the model is not asked
      assertThat(c.call(det("q")).facts()).isEqualTo(new CallFacts(0, true, false, false));
      assertThat(model.calls).hasValue(1);
    } else if (inWindow && kind.failover()) {
      ModelResponse r = c.call(det("q"));
      assertThat(r.text()).isEqualTo("cached answer");
      assertThat(r.facts()).isEqualTo(new CallFacts(0, true, true, false));
      assertThat(events.of(StaleServedEvent.class)).singleElement().satisfies(e -> {
        assertThat(e.failure()).isEqualTo(kind);
        assertThat(e.age()).isEqualTo(elapsed);
        assertThat(e.staleFor()).isEqualTo(elapsed.minus(TTL));
      });
    } else {
      assertThatThrownBy(() -> c.call(det("q"))).isInstanceOf(ModelException.class)
          .satisfies(e -> assertThat(((ModelException) e).kind()).isEqualTo(kind));
      assertThat(events.of(StaleServedEvent.class)).isEmpty();
    }
  }

  @Test
  void call_staleIfErrorOff_failureSurfaces() {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    CountingModel model = new CountingModel(r -> ModelResponse.ofText("cached answer"));
    ModelClient c = Fixtures.client(ts, Fixtures.syncCache().timeToLive(TTL).build(), model);
    c.call(det("q"));
    ts.advance(TTL.plusSeconds(1));
    model.failWith(ErrorKind.UNAVAILABLE);
    // When / Then
    assertThatThrownBy(() -> c.call(det("q"))).isInstanceOf(ModelException.class);
  }

  @Test
  void call_noCacheDirective_neverServedStale() {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    CountingModel model = new CountingModel(r -> ModelResponse.ofText("cached answer"));
    ModelClient c = Fixtures.client(ts,
        Fixtures.syncCache().timeToLive(TTL).staleIfError(WINDOW).build(), model);
    c.call(det("q"));
    ts.advance(TTL.plusSeconds(1));
    model.failWith(ErrorKind.UNAVAILABLE);
    // When / Then
    assertThatThrownBy(() -> c.call(det("q").attribute(CacheAttributes.CACHE, "no-cache")))
        .isInstanceOf(ModelException.class);
  }

  @Test
  void call_afterStaleServed_recoveredModelRefreshesEntry() {
    // Given
    ManualTimeSource ts = new ManualTimeSource();
    CountingModel model = new CountingModel(r -> ModelResponse.ofText("v1"));
    ModelClient c = Fixtures.client(ts,
        Fixtures.syncCache().timeToLive(TTL).staleIfError(WINDOW).build(), model);
    c.call(det("q"));
    ts.advance(TTL.plusSeconds(1));
    model.failWith(ErrorKind.TIMEOUT);
    assertThat(c.call(det("q")).facts().stale()).isTrue();
    // When
    model.behave(r -> ModelResponse.ofText("v2"));
    ModelResponse fresh = c.call(det("q"));
    // Then
    assertThat(fresh.text()).isEqualTo("v2");
    assertThat(fresh.facts().cached()).isFalse();
    assertThat(c.call(det("q")).text()).isEqualTo("v2");
  }
}
