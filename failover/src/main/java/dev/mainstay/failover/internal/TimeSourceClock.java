package dev.mainstay.failover.internal;

import dev.mainstay.core.TimeSource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A {@link Clock} that reads a {@link TimeSource}, so Resilience4j breakers run on our time. */
public final class TimeSourceClock extends Clock {
  private final TimeSource timeSource;
  private final ZoneId zone;

  /**
   * A UTC clock over a time source.
   *
   * @param timeSource the time source
   */
  public TimeSourceClock(TimeSource timeSource) {
    this(timeSource, ZoneOffset.UTC);
  }

  private TimeSourceClock(TimeSource timeSource, ZoneId zone) {
    this.timeSource = timeSource;
    this.zone = zone;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new TimeSourceClock(timeSource, newZone);
  }

  @Override
  public Instant instant() {
    return timeSource.now();
  }

  @Override
  public long millis() {
    return timeSource.now().toEpochMilli();
  }
}
