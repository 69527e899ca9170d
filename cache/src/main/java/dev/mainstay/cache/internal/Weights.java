package dev.mainstay.cache.internal;

import dev.mainstay.core.Embedding;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Prediction;
import java.util.List;
import java.util.Map;

/** Estimates the heap size of a cached answer, for the byte bound. */
public final class Weights {
  private Weights() {}

  /** Fixed cost per entry: the entry, key, response record, facts, usage and map node. */
  public static final int OVERHEAD_BYTES = 256;

  /**
   * The estimated size of an answer: text chars * 2 + embeddings * 4 * dimensions + prediction
   * scores and outputs + attribute and name chars * 2 + {@link #OVERHEAD_BYTES}.
   *
   * @param r the answer
   * @return bytes, at least {@link #OVERHEAD_BYTES}, at most {@link Integer#MAX_VALUE}
   */
  public static int estimate(ModelResponse r) {
    long bytes = OVERHEAD_BYTES;
    bytes += 2L * r.text().length();
    for (Embedding e : r.embeddings()) {
      bytes += 16 + 4L * e.dimensions();
    }
    Prediction p = r.prediction();
    if (p != null) {
      bytes += 64;
      for (String k : p.scores().keySet()) {
        bytes += 48 + 2L * k.length();
      }
      for (Map.Entry<String, List<Double>> o : p.outputs().entrySet()) {
        bytes += 48 + 2L * o.getKey().length() + 24L * o.getValue().size();
      }
    }
    bytes += 2L * (r.model().length() + r.endpointId().length());
    for (Map.Entry<String, String> a : r.attributes().entrySet()) {
      bytes += 48 + 2L * (a.getKey().length() + a.getValue().length());
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
