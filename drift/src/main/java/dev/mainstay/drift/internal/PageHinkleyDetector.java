package dev.mainstay.drift.internal;

import dev.mainstay.drift.Direction;
import dev.mainstay.drift.DriftDetector;
import dev.mainstay.drift.PageHinkleyConfig;

/**
 * Page-Hinkley with River's exact update order: reset if the last update fired, update the running
 * mean with the value, update the cumulative sum(s), count, then compare with the threshold once
 * {@code count >= minInstances} (River's count starts at 1). Two doubles of state per side; no
 * allocation per update.
 */
public final class PageHinkleyDetector implements DriftDetector {
  private final int minInstances;
  private final double delta;
  private final double threshold;
  private final double alpha;
  private final boolean up;
  private final boolean down;

  private long sampleCount;
  private double mean;
  private double sumUp;
  private double sumDown;
  private boolean drift;

  /**
   * A detector with the given settings.
   *
   * @param config the settings
   */
  public PageHinkleyDetector(PageHinkleyConfig config) {
    this.minInstances = config.minInstances();
    this.delta = config.delta();
    this.threshold = config.threshold();
    this.alpha = config.alpha();
    this.up = config.direction() != Direction.DOWN;
    this.down = config.direction() != Direction.UP;
    reset();
  }

  @Override
  public boolean update(double x) {
    if (!Double.isFinite(x)) {
      return false;
    }
    if (drift) {
      reset();
    }
    mean += (x - mean) / (double) sampleCount;
    if (up) {
      sumUp = Math.max(0.0, alpha * sumUp + (x - mean - delta));
    }
    if (down) {
      sumDown = Math.max(0.0, alpha * sumDown + (mean - x - delta));
    }
    sampleCount++;
    drift = sampleCount >= minInstances && (sumUp >= threshold || sumDown >= threshold);
    return drift;
  }

  @Override
  public boolean driftDetected() {
    return drift;
  }

  @Override
  public double statistic() {
    return Math.max(sumUp, sumDown);
  }

  @Override
  public double threshold() {
    return threshold;
  }

  @Override
  public long observations() {
    return sampleCount - 1;
  }

  /**
   * The running mean.
   *
   * @return the mean of the observations since the last reset
   */
  public double mean() {
    return mean;
  }

  @Override
  public void reset() {
    sampleCount = 1;
    mean = 0.0;
    sumUp = 0.0;
    sumDown = 0.0;
    drift = false;
  }

  @Override
  public String name() {
    return "page-hinkley";
  }

  @Override
  public String toString() {
    return "PageHinkley[n=" + observations() + ", sum=" + statistic() + "]";
  }
}
