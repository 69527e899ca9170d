package dev.mainstay.drift.internal;

import dev.mainstay.drift.DriftDetector;
import dev.mainstay.drift.HddmAConfig;

/**
 * HDDM_A (Hoeffding's bound, moving-average test) with River's update order. Input is a Bernoulli
 * indicator: any value above 0.5 counts as 1 (an error), anything else as 0. The running means
 * are kept as (count, mean) pairs, exactly like River's {@code stats.Mean}; no allocation per
 * update.
 */
public final class HddmADetector implements DriftDetector {
  private final double driftConfidence;
  private final double warningConfidence;
  private final boolean twoSided;
  private final double logInvDrift;

  private double zN;
  private double zMean;
  private double minN;
  private double minMean;
  private double maxN;
  private double maxMean;
  private boolean drift;
  private boolean warning;
  private double lastStatistic = Double.NaN;
  private double lastThreshold = Double.NaN;

  /**
   * A detector with the given settings.
   *
   * @param config the settings
   */
  public HddmADetector(HddmAConfig config) {
    this.driftConfidence = config.driftConfidence();
    this.warningConfidence = config.warningConfidence();
    this.twoSided = config.twoSided();
    this.logInvDrift = Math.log(1.0 / driftConfidence);
    reset();
  }

  private double hoeffding(double n) {
    return Math.sqrt(1.0 / (2 * n) * logInvDrift);
  }

  @Override
  public boolean update(double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    if (drift) {
      reset();
    }
    double x = value > 0.5 ? 1.0 : 0.0;
    zN += 1;
    zMean += (x - zMean) / zN;
    if (minN == 0) {
      minN = zN;
      minMean = zMean;
    }
    if (maxN == 0) {
      maxN = zN;
      maxMean = zMean;
    }
    double epsZ = hoeffding(zN);
    double epsX = hoeffding(minN);
    if (minMean + epsX >= zMean + epsZ) {
      minN = zN;
      minMean = zMean;
    }
    epsX = hoeffding(maxN);
    if (maxMean - epsX <= zMean - epsZ) {
      maxN = zN;
      maxMean = zMean;
    }
    if (increased(driftConfidence)) {
      warning = false;
      drift = true;
    } else if (increased(warningConfidence)) {
      warning = true;
      drift = false;
    } else {
      warning = false;
      drift = false;
    }
    if (twoSided) {
      if (decreased(driftConfidence)) {
        drift = true;
      } else if (decreased(warningConfidence)) {
        warning = true;
      }
    }
    return drift;
  }

  private boolean increased(double confidence) {
    if (minN == zN) {
      return false;
    }
    double eps = bound(minN, confidence);
    double diff = zMean - minMean;
    if (diff >= eps && confidence == driftConfidence) {
      lastStatistic = diff;
      lastThreshold = eps;
    }
    return diff >= eps;
  }

  private boolean decreased(double confidence) {
    if (maxN == zN) {
      return false;
    }
    double eps = bound(maxN, confidence);
    double diff = maxMean - zMean;
    if (diff >= eps && confidence == driftConfidence) {
      lastStatistic = diff;
      lastThreshold = eps;
    }
    return diff >= eps;
  }

  private double bound(double cutN, double confidence) {
    double m = (zN - cutN) / cutN * (1.0 / zN);
    return Math.sqrt(m / 2 * Math.log(2.0 / confidence));
  }

  @Override
  public boolean driftDetected() {
    return drift;
  }

  /**
   * Whether the last update raised a warning (a weaker change than a drift).
   *
   * @return true in the warning zone
   */
  public boolean warningDetected() {
    return warning;
  }

  /**
   * The estimated rate since the last reset.
   *
   * @return the mean of the indicators
   */
  public double rate() {
    return zMean;
  }

  @Override
  public double statistic() {
    return lastStatistic;
  }

  @Override
  public double threshold() {
    return lastThreshold;
  }

  @Override
  public long observations() {
    return (long) zN;
  }

  @Override
  public void reset() {
    zN = 0;
    zMean = 0;
    minN = 0;
    minMean = 0;
    maxN = 0;
    maxMean = 0;
    drift = false;
    warning = false;
  }

  @Override
  public String name() {
    return "hddm-a";
  }

  @Override
  public String toString() {
    return "HddmA[n=" + observations() + ", rate=" + zMean + "]";
  }
}
