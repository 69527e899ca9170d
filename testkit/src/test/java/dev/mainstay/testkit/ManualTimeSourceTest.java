package dev.mainstay.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

final class ManualTimeSourceTest {

  @Test
  void advance_runsDueTasksInDueOrderAtTheirTimes() {
    // Given three tasks scheduled out of order
    ManualTimeSource time = new ManualTimeSource(Instant.parse("2030-01-01T00:00:00Z"));
    List<String> ran = new ArrayList<>();
    time.schedule(Duration.ofSeconds(3), () -> ran.add("c@" + time.nanoTime()));
    time.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + time.nanoTime()));
    time.schedule(Duration.ofSeconds(1), () -> ran.add("b@" + time.nanoTime()));
    // When time advances 2 s
    time.advance(Duration.ofSeconds(2));
    // Then the two due tasks ran in order at their due time, and the clock reads 2 s
    assertThat(ran).containsExactly("a@1000000000", "b@1000000000");
    assertThat(time.nanoTime()).isEqualTo(2_000_000_000L);
    assertThat(time.now()).isEqualTo(Instant.parse("2030-01-01T00:00:02Z"));
    assertThat(time.scheduled()).isEqualTo(1);
    // And advanceToNext jumps to the last one
    assertThat(time.advanceToNext()).isTrue();
    assertThat(ran).hasSize(3);
    assertThat(time.advanceToNext()).isFalse();
  }

  @Test
  void cancel_beforeDue_preventsRun() {
    // Given a scheduled task that is cancelled
    ManualTimeSource time = new ManualTimeSource();
    List<String> ran = new ArrayList<>();
    TimeSource.Cancellable c = time.schedule(Duration.ofSeconds(1), () -> ran.add("x"));
    // When cancelled and time passes / Then it never runs
    assertThat(c.cancel()).isTrue();
    time.advance(Duration.ofSeconds(5));
    assertThat(ran).isEmpty();
    assertThat(c.cancel()).isFalse();
  }

  @Test
  void sleep_wakesOnlyWhenAdvanced() throws Exception {
    // Given a thread sleeping 1 minute on manual time
    ManualTimeSource time = new ManualTimeSource();
    CompletableFuture<Void> slept = CompletableFuture.runAsync(() -> {
      try {
        time.sleep(Duration.ofMinutes(1));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    time.awaitScheduled(1, Async.REAL_WAIT);
    // When time advances / Then it wakes
    assertThat(slept).isNotDone();
    time.advance(Duration.ofMinutes(1));
    slept.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void awaitScheduled_tooFew_timesOutAndBackwardsRejected() {
    // Then waiting for tasks that never come times out, and time never goes back
    ManualTimeSource time = new ManualTimeSource();
    assertThatThrownBy(() -> time.awaitScheduled(1, Duration.ofMillis(20))).isInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> time.advance(Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void awaitCompletion_returnsWhenFutureCompletesOrTimeoutPasses() throws Exception {
    // Given a future that never completes
    ManualTimeSource time = new ManualTimeSource();
    CompletableFuture<String> never = new CompletableFuture<>();
    CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
      try {
        return time.awaitCompletion(never, Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    time.awaitScheduled(1, Async.REAL_WAIT);
    // When the timeout passes on manual time / Then the wait returns false
    time.advance(Duration.ofSeconds(5));
    assertThat(waited.get(Async.REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)).isFalse();
  }
}
