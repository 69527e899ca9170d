package dev.mainstay.drift.internal;

/**
 * Two-sample statistics and the special functions behind their p-values. Methods taking sorted
 * arrays and lengths work on caller-owned scratch space and never allocate, so windowed detectors
 * can call them with preallocated buffers.
 */
public final class Stats {
  /** Proportion used in place of an empty bin by PSI (as Evidently does). */
  public static final double PSI_EMPTY_BIN = 1e-4;

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double EPS = 1e-16;

  private Stats() {}

  // ---------------------------------------------------------------- Kolmogorov-Smirnov

  /**
   * The two-sample KS statistic sup |F_a - F_b| of two sorted samples (ties handled as SciPy's
   * {@code ks_2samp}: both empirical CDFs are right-continuous).
   *
   * @param a sorted sample
   * @param n used length of {@code a}
   * @param b sorted sample
   * @param m used length of {@code b}
   * @return D in [0, 1]
   */
  public static double ksStatistic(double[] a, int n, double[] b, int m) {
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < n && j < m) {
      double x = Math.min(a[i], b[j]);
      while (i < n && a[i] <= x) {
        i++;
      }
      while (j < m && b[j] <= x) {
        j++;
      }
      double diff = Math.abs((double) i / n - (double) j / m);
      if (diff > d) {
        d = diff;
      }
    }
    return d;
  }

  /**
   * The exact two-sided p-value P(D ≥ d) of the two-sample KS test under the null hypothesis,
   * by dynamic programming over the lattice paths from (0, 0) to (n, m) (each path equally likely),
   * summing the probability of the paths that reach the boundary {@code |i/n - j/m| ≥ d}. As in
   * SciPy, d is first rounded to the lattice: {@code h = round(d · lcm(n, m))}. Only the band
   * inside the boundary is visited: O(n · min(m, d·m)) time, no allocation.
   *
   * @param n first sample size, positive
   * @param m second sample size, positive
   * @param d the observed statistic
   * @param row scratch of length at least {@code m + 1}
   * @param next scratch of length at least {@code m + 1}
   * @return the p-value in [0, 1]
   */
  public static double ksExactPValue(int n, int m, double d, double[] row, double[] next) {
    long g = gcd(n, m);
    long lcm = (n / g) * (long) m;
    long h = Math.round(d * lcm);
    if (h == 0) {
      return 1.0;
    }
    long bound = h * g; // |i*m - j*n| >= bound  <=>  |i/n - j/m| >= h/lcm
    // Only lattice points strictly inside the band |i*m - j*n| < bound carry mass; a step that
    // leaves the band hits the boundary. Row i's band is j in [lo(i), hi(i)].
    double hit = 0.0;
    int prevLo = 0;
    int prevHi = 0;
    java.util.Arrays.fill(row, 0, m + 1, 0.0);
    row[0] = 1.0;
    for (int i = 0; i <= n; i++) {
      int lo = bandLo(i, n, m, bound);
      int hi = bandHi(i, n, m, bound);
      if (i > 0) {
        // row holds the mass arriving from row i-1 at columns [prevLo, prevHi]
        for (int j = prevLo; j <= prevHi; j++) {
          if (j < lo || j > hi) {
            hit += row[j];
            row[j] = 0.0;
          }
        }
      }
      int clearTo = Math.min(m, Math.max(hi, prevHi) + 1);
      java.util.Arrays.fill(next, Math.max(0, Math.min(lo, prevLo)), clearTo + 1, 0.0);
      for (int j = lo; j <= hi; j++) {
        double v = row[j];
        if (v == 0.0) {
          continue;
        }
        double remaining = (double) (n - i) + (m - j);
        if (j < m) {
          double right = v * (m - j) / remaining;
          if (j + 1 > hi) {
            hit += right;
          } else {
            row[j + 1] += right;
          }
        }
        if (i < n) {
          next[j] += v * (n - i) / remaining;
        }
      }
      for (int j = Math.min(lo, prevLo); j <= Math.max(hi, prevHi) && j <= m; j++) {
        row[j] = 0.0;
      }
      if (i < n && hi >= lo) {
        System.arraycopy(next, lo, row, lo, hi - lo + 1);
      }
      prevLo = lo;
      prevHi = hi;
    }
    return clamp01(hit);
  }

  /** Smallest j with i*m - j*n < bound, at least 0. */
  private static int bandLo(int i, int n, int m, long bound) {
    long num = (long) i * m - bound; // need j*n > num
    long j = Math.floorDiv(num, n) + 1;
    return (int) Math.max(0, j);
  }

  /** Largest j with j*n - i*m < bound, at most m. */
  private static int bandHi(int i, int n, int m, long bound) {
    long num = (long) i * m + bound; // need j*n < num
    long j = Math.floorDiv(num - 1, n);
    return (int) Math.min(m, j);
  }

  /**
   * The asymptotic two-sided p-value: Kolmogorov's limiting distribution at {@code sqrt(nm/(n+m))
   * · d} (SciPy's {@code scipy.special.kolmogorov}).
   *
   * @param n first sample size
   * @param m second sample size
   * @param d the statistic
   * @return the p-value in [0, 1]
   */
  public static double ksAsymptoticPValue(int n, int m, double d) {
    double en = (double) n * m / ((double) n + m);
    return kolmogorovSf(Math.sqrt(en) * d);
  }

  /**
   * Kolmogorov's survival function Q(x) = P(K &gt; x) = 2 Σ (-1)^(k-1) exp(-2k²x²), with the
   * Jacobi-theta form of the CDF for small x.
   *
   * @param x the argument
   * @return Q(x) in [0, 1]
   */
  public static double kolmogorovSf(double x) {
    if (!(x > 0)) {
      return 1.0;
    }
    if (x < 1.18) {
      double w = Math.PI * Math.PI / (8 * x * x);
      double sum = 0;
      for (int k = 1; k <= 50; k++) {
        double term = Math.exp(-(2 * k - 1) * (2 * k - 1) * w);
        sum += term;
        if (term < 1e-18 * sum) {
          break;
        }
      }
      return clamp01(1.0 - Math.sqrt(2 * Math.PI) / x * sum);
    }
    double sum = 0;
    double sign = 1;
    for (int k = 1; k <= 100; k++) {
      double term = Math.exp(-2.0 * k * k * x * x);
      sum += sign * term;
      if (term < 1e-18) {
        break;
      }
      sign = -sign;
    }
    return clamp01(2 * sum);
  }

  // ---------------------------------------------------------------- chi-square

  /**
   * Pearson's chi-square statistic of the 2×K contingency table (a, b) over the K categories with
   * at least one count, without continuity correction (SciPy's {@code chi2_contingency(...,
   * correction=False)}).
   *
   * @param a counts of the first sample
   * @param b counts of the second sample
   * @param k categories used
   * @param out receives {statistic, degrees of freedom}
   */
  public static void chiSquare(long[] a, long[] b, int k, double[] out) {
    double na = 0;
    double nb = 0;
    int used = 0;
    for (int i = 0; i < k; i++) {
      na += a[i];
      nb += b[i];
      if (a[i] + b[i] > 0) {
        used++;
      }
    }
    double n = na + nb;
    double stat = 0;
    if (na > 0 && nb > 0) {
      for (int i = 0; i < k; i++) {
        double col = a[i] + b[i];
        if (col == 0) {
          continue;
        }
        double ea = na * col / n;
        double eb = nb * col / n;
        stat += (a[i] - ea) * (a[i] - ea) / ea + (b[i] - eb) * (b[i] - eb) / eb;
      }
    }
    out[0] = stat;
    out[1] = Math.max(0, used - 1);
  }

  /**
   * The chi-square survival function P(X &gt; x) with {@code dof} degrees of freedom.
   *
   * @param x the statistic
   * @param dof degrees of freedom
   * @return the p-value; 1 when dof is 0
   */
  public static double chiSquareSf(double x, double dof) {
    if (dof <= 0 || !(x > 0)) {
      return 1.0;
    }
    return regularizedGammaQ(dof / 2.0, x / 2.0);
  }

  /**
   * The regularized upper incomplete gamma function Q(a, x), by series for x &lt; a + 1 and by
   * Lentz's continued fraction otherwise.
   *
   * @param a shape, positive
   * @param x argument, non-negative
   * @return Q(a, x)
   */
  public static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1.0;
    }
    double logPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
      double ap = a;
      double sum = 1.0 / a;
      double del = sum;
      for (int n = 0; n < 10_000; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (Math.abs(del) < Math.abs(sum) * EPS) {
          break;
        }
      }
      return clamp01(1.0 - sum * Math.exp(logPrefix));
    }
    double tiny = 1e-300;
    double b = x + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 10_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) {
        d = tiny;
      }
      c = b + an / c;
      if (Math.abs(c) < tiny) {
        c = tiny;
      }
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < EPS) {
        break;
      }
    }
    return clamp01(Math.exp(logPrefix) * h);
  }

  /**
   * ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine coefficients; relative error about 1e-15).
   *
   * @param x positive
   * @return ln Γ(x)
   */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    double z = x - 1;
    double sum = LANCZOS[0];
    double t = z + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      sum += LANCZOS[i] / (z + i);
    }
    return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
  }

  // ---------------------------------------------------------------- histogram distances

  /**
   * The population stability index Σ (q - p) ln(q / p) of two count vectors, empty bins counted as
   * {@link #PSI_EMPTY_BIN}.
   *
   * @param reference reference counts
   * @param current current counts
   * @param k bins used
   * @return PSI, at least 0
   */
  public static double psi(long[] reference, long[] current, int k) {
    double nr = 0;
    double nc = 0;
    for (int i = 0; i < k; i++) {
      nr += reference[i];
      nc += current[i];
    }
    if (nr == 0 || nc == 0) {
      return 0.0;
    }
    double psi = 0;
    for (int i = 0; i < k; i++) {
      double p = reference[i] == 0 ? PSI_EMPTY_BIN : reference[i] / nr;
      double q = current[i] == 0 ? PSI_EMPTY_BIN : current[i] / nc;
      psi += (q - p) * Math.log(q / p);
    }
    return psi;
  }

  /**
   * The Jensen-Shannon distance (square root of the divergence, base 2, so in [0, 1]) of two count
   * vectors, as SciPy's {@code jensenshannon(p, q, base=2)}.
   *
   * @param p first counts
   * @param q second counts
   * @param k bins used
   * @return the distance in [0, 1]
   */
  public static double jensenShannon(long[] p, long[] q, int k) {
    double np = 0;
    double nq = 0;
    for (int i = 0; i < k; i++) {
      np += p[i];
      nq += q[i];
    }
    if (np == 0 || nq == 0) {
      return 0.0;
    }
    double js = 0;
    for (int i = 0; i < k; i++) {
      double pi = p[i] / np;
      double qi = q[i] / nq;
      double mi = (pi + qi) / 2;
      if (pi > 0) {
        js += pi * Math.log(pi / mi);
      }
      if (qi > 0) {
        js += qi * Math.log(qi / mi);
      }
    }
    js = js / 2 / Math.log(2);
    return Math.sqrt(Math.max(0, Math.min(1, js)));
  }

  /**
   * The first Wasserstein (earth mover's) distance of two sorted samples: ∫ |F_a - F_b|.
   *
   * @param a sorted sample
   * @param n used length of {@code a}
   * @param b sorted sample
   * @param m used length of {@code b}
   * @return the distance, at least 0
   */
  public static double wasserstein(double[] a, int n, double[] b, int m) {
    int i = 0;
    int j = 0;
    double prev = Math.min(a[0], b[0]);
    double w = 0;
    while (i < n || j < m) {
      double x;
      if (i < n && (j >= m || a[i] <= b[j])) {
        x = a[i];
      } else {
        x = b[j];
      }
      w += Math.abs((double) i / n - (double) j / m) * (x - prev);
      while (i < n && a[i] <= x) {
        i++;
      }
      while (j < m && b[j] <= x) {
        j++;
      }
      prev = x;
    }
    return w;
  }

  /**
   * The population standard deviation (ddof = 0) of a sample.
   *
   * @param a the sample
   * @param n used length
   * @return the standard deviation
   */
  public static double std(double[] a, int n) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += a[i];
    }
    mean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      ss += (a[i] - mean) * (a[i] - mean);
    }
    return Math.sqrt(ss / n);
  }

  /**
   * Index of the bin a value falls in, given ascending inner bin edges: the number of edges at or
   * below the value.
   *
   * @param edges ascending inner edges
   * @param value the value
   * @return a bin index in [0, edges.length]
   */
  public static int bin(double[] edges, double value) {
    int lo = 0;
    int hi = edges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  static double clamp01(double p) {
    if (Double.isNaN(p)) {
      return p;
    }
    return p < 0 ? 0 : (p > 1 ? 1 : p);
  }
}
