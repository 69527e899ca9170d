package dev.mainstay.drift.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.drift.KsMethod;
import dev.mainstay.drift.WindowConfig;
import dev.mainstay.drift.WindowTest;
import dev.mainstay.drift.WindowedDetector;
import java.util.Arrays;

/**
 * A windowed two-sample test on numbers: KS, PSI or Jensen-Shannon over reference-decile bins, or
 * normalised Wasserstein. The current window is a ring buffer; every buffer is allocated up front
 * (or when a reference is pinned), so {@link #update(double)} allocates nothing. A test sorts a
 * copy of the window in place, O(w log w) once per stride.
 */
public final class NumericWindowDetector implements WindowedDetector {
  static final int BINS = 10;
  /** Exact KS is used in AUTO mode up to this product of sample sizes. */
  static final long AUTO_EXACT_LIMIT = 1_000_000L;

  private final WindowTest test;
  private final int windowSize;
  private final int stride;
  private final double threshold;
  private final KsMethod ksMethod;

  private double[] reference;
  private double[] referenceSorted;
  private int referenceCount;
  private boolean referenceReady;
  private boolean pinned;
  private final double[] edges = new double[BINS - 1];
  private final long[] referenceBins = new long[BINS];
  private final long[] currentBins = new long[BINS];
  private double referenceStd;

  private final double[] ring;
  private final double[] sorted;
  private double[] ksRow;
  private double[] ksNext;
  private int position;
  private int fill;
  private int sinceTest;
  private long seen;

  private boolean drift;
  private double statistic = Double.NaN;
  private double pValue = Double.NaN;

  /**
   * A detector with the given settings.
   *
   * @param config the settings
   */
  public NumericWindowDetector(WindowConfig config) {
    this.test = config.test();
    this.windowSize = config.windowSize();
    this.stride = config.stride();
    this.threshold = config.threshold();
    this.ksMethod = config.ksMethod();
    this.reference = new double[config.referenceSize()];
    this.referenceSorted = new double[config.referenceSize()];
    this.ring = new double[windowSize];
    this.sorted = new double[windowSize];
    this.ksRow = new double[windowSize + 1];
    this.ksNext = new double[windowSize + 1];
  }

  @Override
  public boolean update(double x) {
    if (!Double.isFinite(x)) {
      return false;
    }
    drift = false;
    seen++;
    if (!referenceReady) {
      reference[referenceCount++] = x;
      if (referenceCount == reference.length) {
        prepareReference();
      }
      return false;
    }
    ring[position] = x;
    position = position + 1 == windowSize ? 0 : position + 1;
    if (fill < windowSize) {
      fill++;
    }
    sinceTest++;
    if (fill == windowSize && sinceTest >= stride) {
      sinceTest = 0;
      drift = runTest();
      if (drift) {
        fill = 0;
        position = 0;
      }
    }
    return drift;
  }

  private void prepareReference() {
    System.arraycopy(reference, 0, referenceSorted, 0, referenceCount);
    Arrays.sort(referenceSorted, 0, referenceCount);
    int n = referenceCount;
    for (int k = 1; k < BINS; k++) {
      edges[k - 1] = referenceSorted[Math.min(n - 1, (int) ((long) k * n / BINS))];
    }
    Arrays.fill(referenceBins, 0);
    for (int i = 0; i < n; i++) {
      referenceBins[Stats.bin(edges, referenceSorted[i])]++;
    }
    referenceStd = Stats.std(referenceSorted, n);
    referenceReady = true;
  }

  private boolean runTest() {
    System.arraycopy(ring, 0, sorted, 0, windowSize);
    Arrays.sort(sorted);
    int n = referenceCount;
    switch (test) {
      case KS:
        statistic = Stats.ksStatistic(referenceSorted, n, sorted, windowSize);
        boolean exact =
            ksMethod == KsMethod.EXACT
                || (ksMethod == KsMethod.AUTO && (long) n * windowSize <= AUTO_EXACT_LIMIT);
        pValue =
            exact
                ? Stats.ksExactPValue(n, windowSize, statistic, ksRow, ksNext)
                : Stats.ksAsymptoticPValue(n, windowSize, statistic);
        return pValue < threshold;
      case PSI:
      case JENSEN_SHANNON:
        Arrays.fill(currentBins, 0);
        for (int i = 0; i < windowSize; i++) {
          currentBins[Stats.bin(edges, sorted[i])]++;
        }
        statistic =
            test == WindowTest.PSI
                ? Stats.psi(referenceBins, currentBins, BINS)
                : Stats.jensenShannon(referenceBins, currentBins, BINS);
        pValue = Double.NaN;
        return statistic >= threshold;
      case WASSERSTEIN:
        statistic =
            Stats.wasserstein(referenceSorted, n, sorted, windowSize) / Math.max(referenceStd, 1e-3);
        pValue = Double.NaN;
        return statistic >= threshold;
      default:
        throw new IllegalStateException(test + " does not apply to numbers");
    }
  }

  @Override
  public void pinReference(double[] values) {
    requireNonNull(values, "values");
    if (values.length < 2) {
      throw new IllegalArgumentException("a reference needs at least 2 values");
    }
    for (double v : values) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("reference values must be finite");
      }
    }
    reference = values.clone();
    referenceSorted = new double[values.length];
    referenceCount = values.length;
    pinned = true;
    prepareReference();
    clearWindow();
  }

  private void clearWindow() {
    position = 0;
    fill = 0;
    sinceTest = 0;
    drift = false;
  }

  @Override
  public boolean referenceReady() {
    return referenceReady;
  }

  @Override
  public double[] referenceValues() {
    return Arrays.copyOf(reference, referenceCount);
  }

  @Override
  public boolean driftDetected() {
    return drift;
  }

  @Override
  public double statistic() {
    return statistic;
  }

  @Override
  public double threshold() {
    return threshold;
  }

  @Override
  public double pValue() {
    return pValue;
  }

  @Override
  public long observations() {
    return seen;
  }

  @Override
  public void reset() {
    clearWindow();
    seen = 0;
    statistic = Double.NaN;
    pValue = Double.NaN;
    if (!pinned) {
      referenceCount = 0;
      referenceReady = false;
    }
  }

  @Override
  public String name() {
    return WindowNames.of(test);
  }

  @Override
  public String toString() {
    return name() + "[reference=" + referenceCount + ", window=" + fill + "/" + windowSize + "]";
  }
}
