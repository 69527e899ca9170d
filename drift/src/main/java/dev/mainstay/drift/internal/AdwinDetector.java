package dev.mainstay.drift.internal;

import dev.mainstay.drift.AdwinConfig;
import dev.mainstay.drift.DriftDetector;

/**
 * ADWIN (Bifet and Gavaldà 2007) over an exponential histogram, following River's and MOA's
 * {@code AdaptiveWindowing} operation by operation so detections land on the same indices: insert
 * into row 0, merge the two oldest buckets of a row that holds {@code maxBuckets + 1} into the
 * next row, and every {@code clock} observations (once the window is longer than the grace
 * period) scan every cut from the oldest bucket to the newest, dropping the oldest bucket while a
 * cut is significant.
 *
 * <p>Row {@code i} holds buckets of {@code 2^i} observations, oldest first; higher rows are older.
 * All storage is allocated up front (64 rows of {@code maxBuckets + 1} buckets), so updates never
 * allocate. An insert costs amortised O(1) merges; a check costs O(maxBuckets · log W), paid once
 * per {@code clock} updates.
 */
public final class AdwinDetector implements DriftDetector {
  private static final int MAX_ROWS = 64;
  private static final double[] SIZE = new double[MAX_ROWS];

  static {
    for (int i = 0; i < MAX_ROWS; i++) {
      SIZE[i] = Math.scalb(1.0, i);
    }
  }

  private final double delta;
  private final int clock;
  private final int maxBuckets;
  private final int capacity;
  private final double minWindowLength;
  private final double gracePeriod;
  private final boolean resetOnDrift;

  private final double[] totals;
  private final double[] variances;
  private final int[] counts = new int[MAX_ROWS];
  private int rows;

  private double total;
  private double variance;
  private double width;
  private long tick;
  private long seen;
  private long detections;
  private boolean drift;
  private double lastStatistic = Double.NaN;
  private double lastThreshold = Double.NaN;

  /**
   * A detector with the given settings.
   *
   * @param config the settings
   */
  public AdwinDetector(AdwinConfig config) {
    this.delta = config.delta();
    this.clock = config.clock();
    this.maxBuckets = config.maxBuckets();
    this.capacity = maxBuckets + 1;
    this.minWindowLength = config.minWindowLength();
    this.gracePeriod = config.gracePeriod();
    this.resetOnDrift = config.resetOnDrift();
    this.totals = new double[MAX_ROWS * capacity];
    this.variances = new double[MAX_ROWS * capacity];
    reset();
  }

  @Override
  public boolean update(double value) {
    if (!Double.isFinite(value)) {
      return false;
    }
    if (drift && resetOnDrift) {
      reset();
    }
    seen++;
    insert(value);
    drift = detectChange();
    return drift;
  }

  private void insert(double value) {
    append(0, value, 0.0);
    width += 1;
    double incremental = 0.0;
    if (width > 1.0) {
      double d = value - total / (width - 1.0);
      incremental = (width - 1.0) * d * d / width;
    }
    variance += incremental;
    total += value;
    compress();
  }

  private void append(int row, double t, double v) {
    int at = row * capacity + counts[row];
    totals[at] = t;
    variances[at] = v;
    counts[row]++;
  }

  /** Removes the first {@code n} (oldest) buckets of a row. */
  private void shift(int row, int n) {
    int base = row * capacity;
    int left = counts[row] - n;
    System.arraycopy(totals, base + n, totals, base, left);
    System.arraycopy(variances, base + n, variances, base, left);
    for (int i = left; i < counts[row]; i++) {
      totals[base + i] = 0.0;
      variances[base + i] = 0.0;
    }
    counts[row] = left;
  }

  private void compress() {
    int row = 0;
    while (counts[row] == maxBuckets + 1) {
      if (row + 1 == rows) {
        if (rows == MAX_ROWS) {
          return; // 2^64 observations; cannot happen in practice
        }
        counts[rows] = 0;
        rows++;
      }
      int base = row * capacity;
      double n1 = SIZE[row];
      double n2 = SIZE[row];
      double t1 = totals[base];
      double t2 = totals[base + 1];
      double mu1 = t1 / n1;
      double mu2 = t2 / n2;
      double total12 = t1 + t2;
      double temp = n1 * n2 * (mu1 - mu2) * (mu1 - mu2) / (n1 + n2);
      double v12 = variances[base] + variances[base + 1] + temp;
      append(row + 1, total12, v12);
      shift(row, 2);
      if (counts[row + 1] <= maxBuckets) {
        break;
      }
      row++;
    }
  }

  private double deleteOldest() {
    int row = rows - 1;
    int base = row * capacity;
    double n = SIZE[row];
    double u = totals[base];
    double mu = u / n;
    double v = variances[base];
    width -= n;
    total -= u;
    double muWindow = total / width;
    double incremental = v + n * width * (mu - muWindow) * (mu - muWindow) / (n + width);
    variance -= incremental;
    shift(row, 1);
    if (counts[row] == 0 && rows > 1) {
      rows--;
    }
    return n;
  }

  private boolean detectChange() {
    boolean change = false;
    tick++;
    if (tick % clock == 0 && width > gracePeriod) {
      boolean reduce = true;
      while (reduce) {
        reduce = false;
        double n0 = 0.0;
        double n1 = width;
        double u0 = 0.0;
        double u1 = total;
        // River recomputes this in every cut check; it depends only on the width, which is
        // constant until a bucket is dropped (and the scan restarts), so compute it once per scan.
        double deltaPrime = Math.log(2 * Math.log(width) / delta);
        outer:
        for (int row = rows - 1; row >= 0; row--) {
          double size = SIZE[row];
          int count = counts[row];
          int base = row * capacity;
          for (int k = 0; k < count; k++) {
            double t = totals[base + k];
            n0 += size;
            n1 -= size;
            u0 += t;
            u1 -= t;
            if (row == 0 && k == count - 1) {
              break outer;
            }
            double deltaMean = (u0 / n0) - (u1 / n1);
            if (n1 >= minWindowLength && n0 >= minWindowLength && cut(n0, n1, deltaMean, deltaPrime)) {
              reduce = true;
              change = true;
              if (width > 0) {
                deleteOldest();
                break outer;
              }
            }
          }
        }
      }
    }
    if (change) {
      detections++;
    }
    return change;
  }

  private boolean cut(double n0, double n1, double deltaMean, double deltaPrime) {
    double mRecip = (1.0 / (n0 - minWindowLength + 1)) + (1.0 / (n1 - minWindowLength + 1));
    double epsilon =
        Math.sqrt(2 * mRecip * (variance / width) * deltaPrime) + 2.0 / 3.0 * deltaPrime * mRecip;
    boolean fire = Math.abs(deltaMean) > epsilon;
    if (fire) {
      lastStatistic = Math.abs(deltaMean);
      lastThreshold = epsilon;
    }
    return fire;
  }

  @Override
  public boolean driftDetected() {
    return drift;
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
    return seen;
  }

  /**
   * The number of observations in the window.
   *
   * @return the width
   */
  public long width() {
    return (long) width;
  }

  /**
   * The mean of the window.
   *
   * @return the estimate, 0 for an empty window
   */
  public double estimation() {
    return width == 0 ? 0.0 : total / width;
  }

  /**
   * The sum of the window.
   *
   * @return the total
   */
  public double total() {
    return total;
  }

  /**
   * The window's sum of squared deviations from its mean (River's {@code variance}).
   *
   * @return the variance sum
   */
  public double variance() {
    return variance;
  }

  /**
   * The number of detections since creation (kept across resets, like River's helper count).
   *
   * @return detections
   */
  public long detections() {
    return detections;
  }

  /**
   * The number of histogram rows in use.
   *
   * @return rows
   */
  public int rows() {
    return rows;
  }

  /**
   * The number of buckets in a row.
   *
   * @param row 0 (newest, size 1) to {@code rows() - 1}
   * @return buckets in that row
   */
  public int bucketsInRow(int row) {
    return counts[row];
  }

  /**
   * Sum of the observations a bucket summarises.
   *
   * @param row the row
   * @param index 0 is the oldest bucket of the row
   * @return the bucket's total
   */
  public double bucketTotal(int row, int index) {
    return totals[row * capacity + index];
  }

  @Override
  public void reset() {
    for (int r = 0; r < rows; r++) {
      int base = r * capacity;
      for (int i = 0; i < capacity; i++) {
        totals[base + i] = 0.0;
        variances[base + i] = 0.0;
      }
      counts[r] = 0;
    }
    rows = 1;
    total = 0;
    variance = 0;
    width = 0;
    tick = 0;
    seen = 0;
    drift = false;
  }

  @Override
  public String name() {
    return "adwin";
  }

  @Override
  public String toString() {
    return "Adwin[width=" + width() + ", mean=" + estimation() + "]";
  }
}
