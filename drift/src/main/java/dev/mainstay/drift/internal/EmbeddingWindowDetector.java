package dev.mainstay.drift.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.drift.EmbeddingConfig;
import dev.mainstay.drift.EmbeddingMethod;
import dev.mainstay.drift.VectorDriftDetector;
import java.util.Arrays;

/**
 * Embedding drift over a reference and a ring of recent vectors. Buffers are sized when the first
 * vector fixes the dimension; afterwards updates allocate nothing. Centroid methods keep running
 * sums (O(d) per update); component KS sorts one column per component at each test.
 */
public final class EmbeddingWindowDetector implements VectorDriftDetector {
  private final EmbeddingMethod method;
  private final int referenceSize;
  private final int windowSize;
  private final int stride;
  private final double threshold;

  private int dim = -1;
  private float[] reference = new float[0];
  private int referenceCount;
  private int referenceCapacity;
  private boolean referenceReady;
  private boolean pinned;
  private double[] referenceSum = new double[0];
  private double[][] referenceColumns = new double[0][];

  private float[] ring = new float[0];
  private double[] windowSum = new double[0];
  private double[] column = new double[0];
  private double[] ksRow = new double[0];
  private double[] ksNext = new double[0];
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
  public EmbeddingWindowDetector(EmbeddingConfig config) {
    this.method = config.method();
    this.referenceSize = config.referenceSize();
    this.windowSize = config.windowSize();
    this.stride = config.stride();
    this.threshold = config.threshold();
  }

  private void allocate(int dimensions, int refCapacity) {
    dim = dimensions;
    referenceCapacity = refCapacity;
    reference = new float[refCapacity * dimensions];
    referenceSum = new double[dimensions];
    ring = new float[windowSize * dimensions];
    windowSum = new double[dimensions];
    column = new double[windowSize];
    ksRow = new double[windowSize + 1];
    ksNext = new double[windowSize + 1];
    referenceColumns = new double[0][];
  }

  private static boolean finite(float[] v) {
    for (float f : v) {
      if (!Float.isFinite(f)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean update(float[] vector) {
    if (vector.length == 0 || !finite(vector)) {
      return false;
    }
    if (dim < 0) {
      allocate(vector.length, referenceSize);
    } else if (vector.length != dim) {
      return false;
    }
    drift = false;
    seen++;
    if (!referenceReady) {
      System.arraycopy(vector, 0, reference, referenceCount * dim, dim);
      for (int i = 0; i < dim; i++) {
        referenceSum[i] += vector[i];
      }
      referenceCount++;
      if (referenceCount == referenceCapacity) {
        prepareReference();
      }
      return false;
    }
    int base = position * dim;
    for (int i = 0; i < dim; i++) {
      if (fill == windowSize) {
        windowSum[i] -= ring[base + i];
      }
      ring[base + i] = vector[i];
      windowSum[i] += vector[i];
    }
    if (fill < windowSize) {
      fill++;
    }
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

  private void prepareReference() {
    if (method == EmbeddingMethod.COMPONENT_KS) {
      if (referenceColumns.length != dim || referenceColumns[0].length != referenceCount) {
        referenceColumns = new double[dim][referenceCount];
      }
      for (int c = 0; c < dim; c++) {
        double[] col = referenceColumns[c];
        for (int r = 0; r < referenceCount; r++) {
          col[r] = reference[r * dim + c];
        }
        Arrays.sort(col);
      }
    }
    referenceReady = true;
  }

  private boolean runTest() {
    if (method == EmbeddingMethod.COMPONENT_KS) {
      double maxD = 0;
      double minP = 1;
      long product = (long) referenceCount * windowSize;
      for (int c = 0; c < dim; c++) {
        for (int r = 0; r < windowSize; r++) {
          column[r] = ring[r * dim + c];
        }
        Arrays.sort(column, 0, windowSize);
        double d = Stats.ksStatistic(referenceColumns[c], referenceCount, column, windowSize);
        double p =
            product <= NumericWindowDetector.AUTO_EXACT_LIMIT
                ? Stats.ksExactPValue(referenceCount, windowSize, d, ksRow, ksNext)
                : Stats.ksAsymptoticPValue(referenceCount, windowSize, d);
        maxD = Math.max(maxD, d);
        minP = Math.min(minP, p);
      }
      statistic = maxD;
      pValue = Math.min(1.0, minP * dim);
      return minP < threshold / dim;
    }
    double dot = 0;
    double normR = 0;
    double normW = 0;
    double dist = 0;
    for (int i = 0; i < dim; i++) {
      double r = referenceSum[i] / referenceCount;
      double w = windowSum[i] / windowSize;
      dot += r * w;
      normR += r * r;
      normW += w * w;
      dist += (r - w) * (r - w);
    }
    if (method == EmbeddingMethod.CENTROID_EUCLIDEAN) {
      statistic = Math.sqrt(dist);
    } else {
      double denom = Math.sqrt(normR) * Math.sqrt(normW);
      statistic = denom == 0 ? 0 : 1 - dot / denom;
    }
    pValue = Double.NaN;
    return statistic >= threshold;
  }

  private void clearWindow() {
    position = 0;
    fill = 0;
    sinceTest = 0;
    drift = false;
    Arrays.fill(windowSum, 0);
  }

  @Override
  public void pinReference(float[][] vectors) {
    requireNonNull(vectors, "vectors");
    if (vectors.length < 2) {
      throw new IllegalArgumentException("a reference needs at least 2 vectors");
    }
    int d = vectors[0].length;
    for (float[] v : vectors) {
      if (v.length != d || d == 0 || !finite(v)) {
        throw new IllegalArgumentException("reference vectors must share one dimension and be finite");
      }
    }
    allocate(d, vectors.length);
    for (int r = 0; r < vectors.length; r++) {
      System.arraycopy(vectors[r], 0, reference, r * d, d);
      for (int i = 0; i < d; i++) {
        referenceSum[i] += vectors[r][i];
      }
    }
    referenceCount = vectors.length;
    pinned = true;
    prepareReference();
    clearWindow();
  }

  @Override
  public float[][] referenceVectors() {
    float[][] out = new float[referenceCount][];
    for (int r = 0; r < referenceCount; r++) {
      out[r] = Arrays.copyOfRange(reference, r * dim, (r + 1) * dim);
    }
    return out;
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
      Arrays.fill(referenceSum, 0);
    }
  }

  @Override
  public String name() {
    switch (method) {
      case CENTROID_COSINE:
        return "embedding-cosine";
      case COMPONENT_KS:
        return "embedding-ks";
      default:
        return "embedding-centroid";
    }
  }
}
