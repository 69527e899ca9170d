package dev.mainstay.drift.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.drift.WindowConfig;
import dev.mainstay.drift.WindowTest;
import dev.mainstay.drift.WindowedDetector;
import java.util.Arrays;

/**
 * A windowed two-sample test on categories (chi-square, PSI or Jensen-Shannon). Values are
 * category indices; indices at or above {@code maxCategories} share the last category and negative
 * or non-integral values are ignored. Counts are kept incrementally; nothing is allocated per
 * update.
 */
public final class CategoricalWindowDetector implements WindowedDetector {
  private final WindowTest test;
  private final int windowSize;
  private final int stride;
  private final double threshold;
  private final int categories;

  private double[] reference;
  private int referenceCount;
  private boolean referenceReady;
  private boolean pinned;
  private final long[] referenceCounts;
  private final long[] currentCounts;
  private final int[] ring;
  private final double[] chi = new double[2];
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
   * @param maxCategories distinct categories kept, 2 to 4096
   */
  public CategoricalWindowDetector(WindowConfig config, int maxCategories) {
    if (maxCategories < 2 || maxCategories > 4096) {
      throw new IllegalArgumentException("maxCategories must be in [2, 4096], was " + maxCategories);
    }
    this.test = config.test();
    this.windowSize = config.windowSize();
    this.stride = config.stride();
    this.threshold = config.threshold();
    this.categories = maxCategories;
    this.reference = new double[config.referenceSize()];
    this.referenceCounts = new long[maxCategories];
    this.currentCounts = new long[maxCategories];
    this.ring = new int[windowSize];
  }

  private int category(double value) {
    if (!(value >= 0) || value != Math.rint(value)) {
      return -1;
    }
    return value >= categories ? categories - 1 : (int) value;
  }

  @Override
  public boolean update(double value) {
    int c = category(value);
    if (c < 0) {
      return false;
    }
    drift = false;
    seen++;
    if (!referenceReady) {
      reference[referenceCount++] = c;
      referenceCounts[c]++;
      if (referenceCount == reference.length) {
        referenceReady = true;
      }
      return false;
    }
    if (fill == windowSize) {
      currentCounts[ring[position]]--;
    } else {
      fill++;
    }
    ring[position] = c;
    currentCounts[c]++;
    position = position + 1 == windowSize ? 0 : position + 1;
    sinceTest++;
    if (fill == windowSize && sinceTest >= stride) {
      sinceTest = 0;
      drift = runTest();
      if (drift) {
        clearWindow();
        drift = true;
      }
    }
    return drift;
  }

  private boolean runTest() {
    switch (test) {
      case CHI_SQUARE:
        Stats.chiSquare(referenceCounts, currentCounts, categories, chi);
        statistic = chi[0];
        pValue = Stats.chiSquareSf(chi[0], chi[1]);
        return pValue < threshold;
      case PSI:
        statistic = Stats.psi(referenceCounts, currentCounts, categories);
        pValue = Double.NaN;
        return statistic >= threshold;
      case JENSEN_SHANNON:
        statistic = Stats.jensenShannon(referenceCounts, currentCounts, categories);
        pValue = Double.NaN;
        return statistic >= threshold;
      default:
        throw new IllegalStateException(test + " does not apply to categories");
    }
  }

  private void clearWindow() {
    Arrays.fill(currentCounts, 0);
    position = 0;
    fill = 0;
    sinceTest = 0;
    drift = false;
  }

  @Override
  public void pinReference(double[] values) {
    requireNonNull(values, "values");
    if (values.length < 2) {
      throw new IllegalArgumentException("a reference needs at least 2 values");
    }
    double[] copy = new double[values.length];
    int n = 0;
    Arrays.fill(referenceCounts, 0);
    for (double v : values) {
      int c = category(v);
      if (c < 0) {
        throw new IllegalArgumentException("reference categories must be non-negative integers");
      }
      copy[n++] = c;
      referenceCounts[c]++;
    }
    reference = copy;
    referenceCount = n;
    referenceReady = true;
    pinned = true;
    clearWindow();
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
      Arrays.fill(referenceCounts, 0);
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
