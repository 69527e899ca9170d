package dev.mainstay.backend.onnx;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Configuration of one in-process ONNX model. Build with {@link #builder(Path)} or parse with
 * {@link #fromUri(URI)}.
 *
 * @param id the endpoint id
 * @param modelPath the {@code .onnx} file
 * @param device {@code cpu} or {@code cuda:N}
 * @param inputName the model input fed with the feature vector (PREDICT, single-input models), or
 *     null for the model's only input; multi-input models take each input from the feature of the
 *     same name
 * @param outputNames outputs to fetch, first is the primary one; empty for all, in model order
 * @param labels class labels of the primary output, in index order, or empty
 * @param featureOrder feature names in the order they form the input vector; empty when the
 *     request carries one list-valued feature (a tensor) or one scalar
 * @param intraOpThreads threads inside one operator (0 = runtime default)
 * @param interOpThreads threads across operators (0 = runtime default)
 * @param optimization the graph optimisation level
 * @param operations PREDICT and/or EMBEDDING
 * @param tokenizer tokenizer for EMBEDDING, or null (EMBEDDING then unsupported)
 * @param normalizeEmbeddings whether embeddings are L2-normalised
 * @param region the region, or {@code ""}
 * @param tier the routing tier
 * @param weight the weight within the tier
 */
public record OnnxConfig(
    String id,
    Path modelPath,
    String device,
    @Nullable String inputName,
    List<String> outputNames,
    List<String> labels,
    List<String> featureOrder,
    int intraOpThreads,
    int interOpThreads,
    OptimizationLevel optimization,
    Set<Operation> operations,
    @Nullable TextTokenizer tokenizer,
    boolean normalizeEmbeddings,
    String region,
    int tier,
    int weight) {

  /** The provider name in {@link dev.mainstay.core.EndpointInfo#provider()}. */
  public static final String PROVIDER = "onnx";

  /** URI parameters {@link #fromUri(URI)} understands. */
  public static final Set<String> URI_KEYS = Set.of("id", "device", "input", "output", "labels", "features",
      "threads", "interOpThreads", "optimization", "region", "tier", "weight");

  private static final Pattern DEVICE = Pattern.compile("cpu|cuda:\\d{1,2}");

  /** Validates the components and makes defensive copies. */
  public OnnxConfig {
    requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    requireNonNull(modelPath, "modelPath");
    requireNonNull(device, "device");
    if (!DEVICE.matcher(device).matches()) {
      throw new IllegalArgumentException("device must be cpu or cuda:N, was '" + device + "'");
    }
    outputNames = List.copyOf(outputNames);
    labels = List.copyOf(labels);
    featureOrder = List.copyOf(featureOrder);
    if (new TreeSet<>(featureOrder).size() != featureOrder.size()) {
      throw new IllegalArgumentException("feature names must be unique");
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException("thread counts must be >= 0 (0 = runtime default)");
    }
    requireNonNull(optimization, "optimization");
    requireNonNull(operations, "operations");
    if (operations.isEmpty()) {
      throw new IllegalArgumentException("operations must not be empty");
    }
    for (Operation op : operations) {
      if (op != Operation.PREDICT && op != Operation.EMBEDDING) {
        throw new IllegalArgumentException("an ONNX endpoint serves PREDICT and EMBEDDING, not " + op);
      }
    }
    if (operations.contains(Operation.EMBEDDING) && tokenizer == null) {
      throw new IllegalArgumentException("EMBEDDING needs a tokenizer");
    }
    operations = Collections.unmodifiableSet(EnumSet.copyOf(operations));
    requireNonNull(region, "region");
    if (tier < 0 || weight <= 0) {
      throw new IllegalArgumentException("tier must be >= 0 and weight positive");
    }
  }

  /**
   * The CUDA device index, or -1 for the CPU.
   *
   * @return the device index
   */
  public int cudaDevice() {
    return device.startsWith("cuda:") ? Integer.parseInt(device.substring(5)) : -1;
  }

  /**
   * A builder for a model file.
   *
   * @param modelPath the {@code .onnx} file
   * @return a new builder
   */
  public static Builder builder(Path modelPath) {
    return new Builder(requireNonNull(modelPath, "modelPath"));
  }

  /**
   * Parses {@code onnx:PATH?device=cpu&input=features&output=probabilities&labels=legit,fraud&features=amount,age}.
   * Parameters: {@code id}, {@code device} ({@code cpu}, {@code cuda:N}), {@code input}, {@code
   * output} (comma list), {@code labels} (comma list), {@code features} (comma list, the vector
   * order), {@code threads} (intra-op), {@code interOpThreads}, {@code optimization} ({@code
   * none|basic|extended|all}), {@code region}, {@code tier}, {@code weight}. A relative path is
   * resolved against the working directory. EMBEDDING needs a tokenizer, so URIs open PREDICT
   * endpoints.
   *
   * @param uri the URI
   * @return the configuration
   * @throws IllegalArgumentException naming the bad part
   */
  public static OnnxConfig fromUri(URI uri) {
    requireNonNull(uri, "uri");
    if (!"onnx".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("endpoint URI must have scheme 'onnx:'");
    }
    String ssp = uri.getRawSchemeSpecificPart();
    int q = ssp.indexOf('?');
    String rawPath = q < 0 ? ssp : ssp.substring(0, q);
    if (rawPath.startsWith("//")) {
      rawPath = rawPath.substring(2);
    }
    String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
    if (path.isBlank()) {
      throw new IllegalArgumentException("onnx endpoint URI needs a model path, as in onnx:models/fraud.onnx");
    }
    Map<String, String> p = new TreeMap<>();
    if (q >= 0) {
      for (String pair : ssp.substring(q + 1).split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (!URI_KEYS.contains(k)) {
          throw new IllegalArgumentException("unknown onnx endpoint URI parameter '" + k + "'; known: " + new TreeSet<>(URI_KEYS));
        }
        if (p.put(k, v) != null) {
          throw new IllegalArgumentException("onnx endpoint URI parameter '" + k + "' is given twice");
        }
      }
    }
    Builder b = builder(Path.of(path));
    String v;
    if ((v = p.get("id")) != null) {
      b.id(v);
    }
    if ((v = p.get("device")) != null) {
      b.device(v);
    }
    if ((v = p.get("input")) != null) {
      b.inputName(v);
    }
    if ((v = p.get("output")) != null) {
      b.outputNames(list(v));
    }
    if ((v = p.get("labels")) != null) {
      b.labels(list(v));
    }
    if ((v = p.get("features")) != null) {
      b.featureOrder(list(v));
    }
    if ((v = p.get("threads")) != null) {
      b.intraOpThreads(integer("threads", v));
    }
    if ((v = p.get("interOpThreads")) != null) {
      b.interOpThreads(integer("interOpThreads", v));
    }
    if ((v = p.get("optimization")) != null) {
      try {
        b.optimization(OptimizationLevel.valueOf(v.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("optimization must be none, basic, extended or all, was '" + v + "'", e);
      }
    }
    if ((v = p.get("region")) != null) {
      b.region(v);
    }
    if ((v = p.get("tier")) != null) {
      b.tier(integer("tier", v));
    }
    if ((v = p.get("weight")) != null) {
      b.weight(integer("weight", v));
    }
    return b.build();
  }

  private static List<String> list(String v) {
    List<String> out = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("onnx endpoint URI parameter '" + key + "' must be an integer, was '" + v + "'", e);
    }
  }

  /** Builds an {@link OnnxConfig}. Not thread-safe; scalar settings can be set once. */
  public static final class Builder {
    private final Path modelPath;
    private @Nullable String id;
    private @Nullable String device;
    private @Nullable String inputName;
    private @Nullable List<String> outputNames;
    private @Nullable List<String> labels;
    private @Nullable List<String> featureOrder;
    private int intraOpThreads = -1;
    private int interOpThreads = -1;
    private @Nullable OptimizationLevel optimization;
    private @Nullable Set<Operation> operations;
    private @Nullable TextTokenizer tokenizer;
    private @Nullable Boolean normalize;
    private @Nullable String region;
    private int tier = -1;
    private int weight = -1;

    private Builder(Path modelPath) {
      this.modelPath = modelPath;
    }

    private static void once(boolean unset, String name) {
      if (!unset) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /**
     * Sets the endpoint id; default {@code onnx:FILE_NAME@DEVICE}.
     *
     * @param value a non-blank id
     * @return this builder
     */
    public Builder id(String value) {
      once(id == null, "id");
      this.id = requireNonNull(value, "id");
      return this;
    }

    /**
     * Sets the device.
     *
     * @param value {@code cpu} (default) or {@code cuda:N}
     * @return this builder
     */
    public Builder device(String value) {
      once(device == null, "device");
      this.device = requireNonNull(value, "device");
      return this;
    }

    /**
     * Names the input fed with the feature vector.
     *
     * @param value the model input's name
     * @return this builder
     */
    public Builder inputName(String value) {
      once(inputName == null, "inputName");
      this.inputName = requireNonNull(value, "inputName");
      return this;
    }

    /**
     * Names the outputs to fetch; the first is the primary one.
     *
     * @param value output names
     * @return this builder
     */
    public Builder outputNames(List<String> value) {
      once(outputNames == null, "outputNames");
      this.outputNames = List.copyOf(value);
      return this;
    }

    /**
     * Sets the class labels of the primary output.
     *
     * @param value labels in index order
     * @return this builder
     */
    public Builder labels(List<String> value) {
      once(labels == null, "labels");
      this.labels = List.copyOf(value);
      return this;
    }

    /**
     * Sets the order in which named features form the input vector.
     *
     * @param value feature names
     * @return this builder
     */
    public Builder featureOrder(List<String> value) {
      once(featureOrder == null, "featureOrder");
      this.featureOrder = List.copyOf(value);
      return this;
    }

    /**
     * Sets intra-op threads.
     *
     * @param value 0 for the runtime default
     * @return this builder
     */
    public Builder intraOpThreads(int value) {
      once(intraOpThreads == -1, "intraOpThreads");
      this.intraOpThreads = value;
      return this;
    }

    /**
     * Sets inter-op threads.
     *
     * @param value 0 for the runtime default
     * @return this builder
     */
    public Builder interOpThreads(int value) {
      once(interOpThreads == -1, "interOpThreads");
      this.interOpThreads = value;
      return this;
    }

    /**
     * Sets the graph optimisation level.
     *
     * @param value default {@link OptimizationLevel#ALL}
     * @return this builder
     */
    public Builder optimization(OptimizationLevel value) {
      once(optimization == null, "optimization");
      this.optimization = requireNonNull(value, "optimization");
      return this;
    }

    /**
     * Sets the operations served.
     *
     * @param value PREDICT and/or EMBEDDING; default PREDICT, plus EMBEDDING when a tokenizer is set
     * @return this builder
     */
    public Builder operations(Set<Operation> value) {
      once(operations == null, "operations");
      this.operations = EnumSet.copyOf(value);
      return this;
    }

    /**
     * Sets the tokenizer for EMBEDDING.
     *
     * @param value the tokenizer
     * @return this builder
     */
    public Builder tokenizer(TextTokenizer value) {
      once(tokenizer == null, "tokenizer");
      this.tokenizer = requireNonNull(value, "tokenizer");
      return this;
    }

    /**
     * Sets whether embeddings are L2-normalised.
     *
     * @param value default true
     * @return this builder
     */
    public Builder normalizeEmbeddings(boolean value) {
      once(normalize == null, "normalizeEmbeddings");
      this.normalize = value;
      return this;
    }

    /**
     * Sets the region.
     *
     * @param value region name
     * @return this builder
     */
    public Builder region(String value) {
      once(region == null, "region");
      this.region = requireNonNull(value, "region");
      return this;
    }

    /**
     * Sets the routing tier.
     *
     * @param value 0 or more
     * @return this builder
     */
    public Builder tier(int value) {
      once(tier == -1, "tier");
      this.tier = value;
      return this;
    }

    /**
     * Sets the weight within the tier.
     *
     * @param value positive
     * @return this builder
     */
    public Builder weight(int value) {
      once(weight == -1, "weight");
      this.weight = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the configuration
     */
    public OnnxConfig build() {
      String dev = device == null ? "cpu" : device;
      Set<Operation> ops = operations;
      if (ops == null) {
        ops = tokenizer == null ? EnumSet.of(Operation.PREDICT) : EnumSet.of(Operation.PREDICT, Operation.EMBEDDING);
      }
      Path file = modelPath.getFileName();
      return new OnnxConfig(
          id == null ? PROVIDER + ":" + (file == null ? modelPath : file) + "@" + dev : id,
          modelPath, dev, inputName,
          outputNames == null ? List.of() : outputNames,
          labels == null ? List.of() : labels,
          featureOrder == null ? List.of() : featureOrder,
          intraOpThreads == -1 ? 0 : intraOpThreads,
          interOpThreads == -1 ? 0 : interOpThreads,
          optimization == null ? OptimizationLevel.ALL : optimization,
          ops, tokenizer, normalize == null || normalize,
          region == null ? "" : region,
          tier == -1 ? 0 : tier,
          weight == -1 ? 1 : weight);
    }
  }
}
