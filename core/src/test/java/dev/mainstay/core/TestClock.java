package dev.mainstay.core;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal settable {@link TimeSource} for core's own tests (core cannot depend on the testkit's
 * manual time source). It never runs scheduled tasks: tests that need timers live in the testkit.
 */
final class TestClock implements TimeSource {
  private final AtomicLong nanos = new AtomicLong();

  void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public Instant now() {
    return Instant.EPOCH.plusNanos(nanos.get());
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    return () -> true;
  }
}
