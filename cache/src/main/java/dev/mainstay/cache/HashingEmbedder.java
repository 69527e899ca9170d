package dev.mainstay.cache;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Deadline;
import java.util.Arrays;
import java.util.Locale;

/**
 * A deterministic, dependency-free {@link Embedder}: the text is lower-cased and split into words;
 * each word and each character n-gram of {@code "^word$"} is hashed (signed feature hashing) into a
 * fixed number of dimensions, counts are damped ({@code sign * log(1 + |count|)}), optionally
 * weighted by inverse document frequency fitted on a corpus, and the vector is L2-normalised.
 * Optional features: pairs of adjacent words (word order), and a lower weight for common English
 * function words.
 *
 * <p>It is lexical: rewordings that share words or word pieces score high, synonyms do not. Use a
 * neural embedder through {@link Embedder#of(dev.mainstay.core.ModelClient, String)} for that. A
 * few microseconds per short question; it allocates the output vector, the lower-cased text and one
 * small word buffer. Numbers and negation are not its concern: the semantic cache only compares
 * questions with the same numbers and the same negation (see {@link ResponseCacheBuilder#semantic}).
 */
public final class HashingEmbedder implements Embedder {
  private static final HashingEmbedder DEFAULTS = builder().build();

  private final int dimensions;
  private final int minGram;
  private final int maxGram;
  private final float wordWeight;
  private final float gramWeight;
  private final float bigramWeight;
  private final float stopWeight;
  private final float @dev.mainstay.core.Nullable [] idf;

  private HashingEmbedder(Builder b, float @dev.mainstay.core.Nullable [] idf) {
    this.dimensions = b.dimensions;
    this.minGram = b.minGram;
    this.maxGram = b.maxGram;
    this.wordWeight = b.wordWeight;
    this.gramWeight = b.gramWeight;
    this.bigramWeight = b.bigramWeight;
    this.stopWeight = b.stopWeight;
    this.idf = idf;
  }

  /**
   * The default embedder: 1024 dimensions, words plus character 3- to 5-grams, no word pairs, all
   * words at the same weight, no IDF.
   *
   * @return the shared default
   */
  public static HashingEmbedder ofDefaults() {
    return DEFAULTS;
  }

  /**
   * A builder.
   *
   * @return a new builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The vector length.
   *
   * @return the dimensions
   */
  public int dimensions() {
    return dimensions;
  }

  @Override
  public float[] embed(String text, Deadline deadline) {
    return embed(text);
  }

  /**
   * Embeds a text (no deadline needed: it is local and bounded by the text length).
   *
   * @param text the text
   * @return a unit vector, or all zeros for a text without letters or digits
   */
  public float[] embed(String text) {
    requireNonNull(text, "text");
    float[] v = new float[dimensions];
    accumulate(text, v, null);
    for (int i = 0; i < v.length; i++) {
      float x = v[i];
      if (x != 0) {
        float damped = (float) Math.log(1.0 + Math.abs(x)); // Math.log is an intrinsic; log1p is not
        v[i] = x > 0 ? damped : -damped;
        if (idf != null) {
          v[i] *= idf[i];
        }
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += (double) x * x;
    }
    if (norm > 0) {
      float inv = (float) (1.0 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= inv;
      }
    }
    return v;
  }

  /** Adds the text's hashed features to {@code v}; when {@code seen} is set, marks buckets instead. */
  private void accumulate(String text, float[] v, boolean @dev.mainstay.core.Nullable [] seen) {
    String t = text.toLowerCase(Locale.ROOT);
    int n = t.length();
    char[] word = new char[Math.min(n, 256) + 2];
    int prevHash = 0;
    int i = 0;
    while (i < n) {
      while (i < n && !Character.isLetterOrDigit(t.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && Character.isLetterOrDigit(t.charAt(i))) {
        i++;
      }
      int len = Math.min(i - start, word.length - 2);
      if (len == 0) {
        continue;
      }
      word[0] = '^';
      t.getChars(start, start + len, word, 1);
      word[len + 1] = '$';
      int wh = hash(word, 1, len, 0x9E3779B9);
      boolean stop = stopWeight != 1.0f && isStopWord(word, len);
      add(v, seen, wh, stop ? wordWeight * stopWeight : wordWeight);
      if (bigramWeight > 0 && prevHash != 0) {
        add(v, seen, mix(prevHash * 31 + wh), bigramWeight);
      }
      prevHash = wh == 0 ? 1 : wh;
      if (!stop) {
        int wl = len + 2;
        for (int g = minGram; g <= maxGram; g++) {
          for (int s = 0; s + g <= wl; s++) {
            add(v, seen, hash(word, s, g, g * 0x85EBCA6B), gramWeight);
          }
        }
      }
    }
  }

  private static boolean isStopWord(char[] w, int len) {
    return len <= 6 && matches(w, len, STOP_WORDS);
  }

  private static boolean matches(char[] w, int len, String[] list) {
    outer:
    for (String s : list) {
      if (s.length() != len) {
        continue;
      }
      for (int k = 0; k < len; k++) {
        if (s.charAt(k) != w[k + 1]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** Function words (no negations, at most 6 letters): they count {@code stopWeight}, no n-grams. */
  private static final String[] STOP_WORDS = {"a", "an", "the", "of", "to", "in", "on", "at", "by", "for",
      "with", "from", "as", "and", "or", "is", "are", "was", "were", "be", "been", "am", "do", "does",
      "did", "it", "its", "this", "that", "these", "those", "i", "you", "we", "he", "she", "they",
      "me", "my", "your", "our", "his", "her", "their", "there", "then", "than", "so", "if", "can",
      "will", "would", "could", "should", "may", "might", "has", "have", "had", "what", "which", "who",
      "how", "when", "where", "why", "about", "into", "also", "some", "any", "all", "s"};

  /** The murmur3 32-bit finaliser. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }

  private void add(float[] v, boolean @dev.mainstay.core.Nullable [] seen, int h, float w) {
    int idx = (h >>> 1) % dimensions;
    if (seen != null) {
      seen[idx] = true;
    } else {
      v[idx] += (h & 1) == 0 ? w : -w;
    }
  }

  /** FNV-1a over the chars, then a murmur3 finaliser. */
  private static int hash(char[] a, int from, int len, int seed) {
    int h = 0x811C9DC5 ^ seed;
    for (int k = from; k < from + len; k++) {
      h ^= a[k];
      h *= 0x01000193;
    }
    return mix(h);
  }

  @Override
  public String toString() {
    return "HashingEmbedder[dimensions=" + dimensions + ", grams=" + minGram + ".." + maxGram
        + (bigramWeight > 0 ? ", pairs=" + bigramWeight : "")
        + (stopWeight != 1 ? ", functionWords=" + stopWeight : "")
        + (idf == null ? "" : ", idf") + "]";
  }

  /** Builds a {@link HashingEmbedder}. Setters may be called once each; not thread-safe. */
  public static final class Builder {
    private int dimensions = 1024;
    private int minGram = 3;
    private int maxGram = 5;
    private float wordWeight = 1.0f;
    private float gramWeight = 0.5f;
    private float bigramWeight = 0f;
    private float stopWeight = 1f;
    private boolean pairsSet;
    private boolean functionWordsSet;
    private boolean dimensionsSet;
    private boolean gramsSet;
    private boolean weightsSet;
    private @dev.mainstay.core.Nullable Iterable<String> corpus;

    private Builder() {}

    /**
     * Sets the vector length.
     *
     * @param value 16 to 65536; default 1024
     * @return this builder
     */
    public Builder dimensions(int value) {
      if (dimensionsSet) {
        throw new IllegalStateException("dimensions was already set to " + dimensions);
      }
      if (value < 16 || value > 65536) {
        throw new IllegalArgumentException("dimensions must be in [16, 65536], was " + value);
      }
      dimensions = value;
      dimensionsSet = true;
      return this;
    }

    /**
     * Sets the character n-gram lengths.
     *
     * @param min at least 1
     * @param max at least {@code min}, at most 8; default 3..5
     * @return this builder
     */
    public Builder grams(int min, int max) {
      if (gramsSet) {
        throw new IllegalStateException("grams were already set to " + minGram + ".." + maxGram);
      }
      if (min < 1 || max < min || max > 8) {
        throw new IllegalArgumentException("grams must satisfy 1 <= min <= max <= 8, was " + min + ".." + max);
      }
      minGram = min;
      maxGram = max;
      gramsSet = true;
      return this;
    }

    /**
     * Sets the weights of whole words and of character n-grams.
     *
     * @param word the weight of a word, at least 0; default 1.0
     * @param gram the weight of an n-gram, at least 0; default 0.5
     * @return this builder
     */
    public Builder weights(double word, double gram) {
      if (weightsSet) {
        throw new IllegalStateException("weights were already set");
      }
      if (!(word >= 0) || !(gram >= 0) || word + gram == 0 || !Double.isFinite(word + gram)) {
        throw new IllegalArgumentException("weights must be finite, >= 0 and not both 0");
      }
      wordWeight = (float) word;
      gramWeight = (float) gram;
      weightsSet = true;
      return this;
    }

    /**
     * Sets the weight of a pair of adjacent words ("paris to", "to london"), which makes word order
     * count: "from Paris to London" and "from London to Paris" share every word but no pair.
     *
     * @param weight at least 0; default 0 (off)
     * @return this builder
     */
    public Builder wordPairs(double weight) {
      if (pairsSet) {
        throw new IllegalStateException("word pairs were already set");
      }
      if (!(weight >= 0) || !Double.isFinite(weight)) {
        throw new IllegalArgumentException("word pair weight must be finite and >= 0");
      }
      bigramWeight = (float) weight;
      pairsSet = true;
      return this;
    }

    /**
     * Sets the weight of common English function words ("the", "of", "is", "what"; never a
     * negation) relative to other words; they get no character n-grams.
     *
     * @param weight in [0, 1]; default 1 (like any other word)
     * @return this builder
     */
    public Builder functionWordWeight(double weight) {
      if (functionWordsSet) {
        throw new IllegalStateException("function word weight was already set");
      }
      if (!(weight >= 0 && weight <= 1)) {
        throw new IllegalArgumentException("function word weight must be in [0, 1]");
      }
      stopWeight = (float) weight;
      functionWordsSet = true;
      return this;
    }

    /**
     * Fits inverse document frequencies on a corpus of typical texts (for example past questions),
     * so frequent words ("what", "how", "the") count less than rare ones.
     *
     * @param texts the corpus; read once by {@link #build()}
     * @return this builder
     */
    public Builder idf(Iterable<String> texts) {
      if (corpus != null) {
        throw new IllegalStateException("idf corpus was already set");
      }
      corpus = requireNonNull(texts, "texts");
      return this;
    }

    /**
     * Builds the embedder (fitting the IDF weights if a corpus was given).
     *
     * @return the embedder
     */
    public HashingEmbedder build() {
      Iterable<String> c = corpus;
      if (c == null) {
        return new HashingEmbedder(this, null);
      }
      HashingEmbedder plain = new HashingEmbedder(this, null);
      int[] df = new int[dimensions];
      int docs = 0;
      boolean[] seen = new boolean[dimensions];
      for (String text : c) {
        Arrays.fill(seen, false);
        plain.accumulate(requireNonNull(text, "corpus text"), new float[0], seen);
        for (int i = 0; i < dimensions; i++) {
          if (seen[i]) {
            df[i]++;
          }
        }
        docs++;
      }
      float[] w = new float[dimensions];
      for (int i = 0; i < dimensions; i++) {
        w[i] = (float) (Math.log((docs + 1.0) / (df[i] + 1.0)) + 1.0);
      }
      return new HashingEmbedder(this, w);
    }
  }
}
