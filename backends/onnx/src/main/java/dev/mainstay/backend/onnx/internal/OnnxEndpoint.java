package dev.mainstay.backend.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.mainstay.backend.onnx.OnnxConfig;
import dev.mainstay.backend.onnx.TextTokenizer;
import dev.mainstay.core.Deadline;
import dev.mainstay.core.Embedding;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.FinishReason;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Prediction;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.Usage;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An ONNX Runtime session as an endpoint. {@link OrtSession#run} is thread-safe, so calls run
 * concurrently on one session; a read-write lock lets {@link #close()} wait for running calls
 * before it frees the native session. A deadline that passes mid-run terminates the run through
 * {@link OrtSession.RunOptions#setTerminate(boolean)}.
 */
public final class OnnxEndpoint implements Endpoint {
  private final OnnxConfig config;
  private final EndpointInfo info;
  private final @Nullable OrtEnvironment env;
  private final OrtSession.@Nullable SessionOptions options;
  private final @Nullable OrtSession session;
  private final @Nullable String unavailable;
  private final Map<String, NodeInfo> inputs;
  private final List<String> outputs;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Opens the model.
   *
   * @param config the configuration
   * @throws IllegalArgumentException if the model file is missing or invalid
   */
  public OnnxEndpoint(OnnxConfig config) {
    this.config = config;
    Operation[] ops = config.operations().toArray(new Operation[0]);
    this.info = EndpointInfo.builder(config.id())
        .provider(OnnxConfig.PROVIDER)
        .model(String.valueOf(config.modelPath().getFileName()))
        .region(config.region())
        .tier(config.tier())
        .weight(config.weight())
        .operations(ops[0], Arrays.copyOfRange(ops, 1, ops.length))
        .build();
    if (!Files.isRegularFile(config.modelPath())) {
      throw new IllegalArgumentException("ONNX model file not found: " + config.modelPath());
    }
    OrtEnvironment e = null;
    OrtSession.SessionOptions o = null;
    OrtSession s = null;
    String reason = null;
    try {
      e = OrtEnvironment.getEnvironment();
      o = new OrtSession.SessionOptions();
      if (config.intraOpThreads() > 0) {
        o.setIntraOpNumThreads(config.intraOpThreads());
      }
      if (config.interOpThreads() > 0) {
        o.setInterOpNumThreads(config.interOpThreads());
      }
      o.setOptimizationLevel(level(config));
      int cuda = config.cudaDevice();
      if (cuda >= 0) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
          reason = "the CUDA execution provider is not in this ONNX Runtime build (use com.microsoft.onnxruntime:onnxruntime_gpu)";
        } else {
          try {
            o.addCUDA(cuda);
          } catch (OrtException ex) {
            reason = "the CUDA execution provider could not start on device " + cuda + " (" + ex.getCode() + ")";
          }
        }
      }
      if (reason == null) {
        try {
          s = e.createSession(config.modelPath().toString(), o);
        } catch (OrtException ex) {
          if (cuda >= 0) {
            reason = "the model could not be loaded on cuda:" + cuda + " (" + ex.getCode() + ")";
          } else {
            o.close();
            throw new IllegalArgumentException("ONNX model could not be loaded from " + config.modelPath() + " (" + ex.getCode() + ")", ex);
          }
        }
      }
    } catch (OrtException ex) {
      reason = "ONNX Runtime could not be configured (" + ex.getCode() + ")";
    } catch (LinkageError ex) {
      reason = "the ONNX Runtime native library could not be loaded (" + ex.getClass().getSimpleName() + ")";
    }
    this.env = e;
    this.options = o;
    this.session = s;
    this.unavailable = s == null ? (reason == null ? "session not created" : reason) : null;
    Map<String, NodeInfo> in = Map.of();
    List<String> out = List.of();
    if (s != null) {
      try {
        in = s.getInputInfo();
        List<String> all = new ArrayList<>(s.getOutputNames());
        if (config.outputNames().isEmpty()) {
          out = List.copyOf(all);
        } else {
          for (String name : config.outputNames()) {
            if (!all.contains(name)) {
              close();
              throw new IllegalArgumentException("model has no output '" + name + "'; outputs: " + all);
            }
          }
          out = config.outputNames();
        }
        String inputName = config.inputName();
        if (inputName != null && !in.containsKey(inputName)) {
          close();
          throw new IllegalArgumentException("model has no input '" + inputName + "'; inputs: " + in.keySet());
        }
      } catch (OrtException ex) {
        close();
        throw new IllegalArgumentException("ONNX model metadata could not be read (" + ex.getCode() + ")", ex);
      }
    }
    this.inputs = in;
    this.outputs = out;
  }

  private static OrtSession.SessionOptions.OptLevel level(OnnxConfig c) {
    switch (c.optimization()) {
      case NONE:
        return OrtSession.SessionOptions.OptLevel.NO_OPT;
      case BASIC:
        return OrtSession.SessionOptions.OptLevel.BASIC_OPT;
      case EXTENDED:
        return OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
      default:
        return OrtSession.SessionOptions.OptLevel.ALL_OPT;
    }
  }

  @Override
  public EndpointInfo info() {
    return info;
  }

  /**
   * Why the endpoint cannot serve, if it cannot.
   *
   * @return the reason, or null when it is ready
   */
  public @Nullable String unavailableReason() {
    return unavailable;
  }

  @Override
  public ModelResponse call(ModelRequest request) {
    if (!info.operations().contains(request.operation())) {
      throw error(ErrorKind.INVALID_REQUEST, "endpoint does not serve " + request.operation());
    }
    ReentrantReadWriteLock.ReadLock read = lock.readLock();
    read.lock();
    try {
      OrtSession s = session;
      OrtEnvironment e = env;
      if (closed.get()) {
        throw error(ErrorKind.UNAVAILABLE, "endpoint is closed");
      }
      if (s == null || e == null) {
        throw error(ErrorKind.UNAVAILABLE, String.valueOf(unavailable));
      }
      if (request.operation() == Operation.PREDICT) {
        return predict(e, s, request);
      }
      return embed(e, s, request);
    } finally {
      read.unlock();
    }
  }

  // ------------------------------------------------------------------ PREDICT

  private ModelResponse predict(OrtEnvironment e, OrtSession s, ModelRequest request) {
    Map<String, OnnxTensor> feed = new LinkedHashMap<>();
    try {
      if (inputs.size() == 1 || config.inputName() != null) {
        String name = config.inputName() != null ? config.inputName() : inputs.keySet().iterator().next();
        feed.put(name, tensor(e, name, vector(request.features())));
      } else {
        for (String name : inputs.keySet()) {
          Object v = request.features().get(name);
          if (v == null) {
            throw error(ErrorKind.INVALID_REQUEST, "feature '" + name + "' is missing; the model's inputs are " + inputs.keySet());
          }
          feed.put(name, tensor(e, name, values(name, v)));
        }
      }
      try (OrtSession.Result result = run(s, feed, request.deadline())) {
        Map<String, List<Double>> vectors = new LinkedHashMap<>();
        String label = null;
        for (String name : outputs) {
          OnnxValue v = result.get(name).orElse(null);
          if (!(v instanceof OnnxTensor)) {
            continue;
          }
          OnnxTensor t = (OnnxTensor) v;
          if (t.getInfo().type == OnnxJavaType.STRING) {
            if (label == null && name.equals(outputs.get(0))) {
              String[] strings = (String[]) flatStrings(t);
              label = strings.length > 0 ? strings[0] : null;
            }
            continue;
          }
          vectors.put(name, flatten(t));
        }
        return ModelResponse.builder(Operation.PREDICT)
            .prediction(prediction(vectors, label))
            .finishReason(FinishReason.NONE)
            .model(info.model())
            .endpointId(info.id())
            .build();
      }
    } catch (OrtException ex) {
      throw runFailure(ex);
    } finally {
      feed.values().forEach(OnnxTensor::close);
    }
  }

  private Prediction prediction(Map<String, List<Double>> vectors, @Nullable String stringLabel) {
    String primary = outputs.isEmpty() ? null : outputs.get(0);
    List<Double> head = primary == null ? null : vectors.get(primary);
    Map<String, Double> scores = new LinkedHashMap<>();
    String label = stringLabel;
    for (List<Double> v : vectors.values()) {
      for (double d : v) {
        if (!Double.isFinite(d)) {
          throw error(ErrorKind.INVALID_OUTPUT, "model produced a non-finite value");
        }
      }
    }
    if (head != null && primary != null) {
      List<String> labels = config.labels();
      if (!labels.isEmpty()) {
        if (labels.size() != head.size()) {
          throw error(ErrorKind.INVALID_OUTPUT,
              "output '" + primary + "' has " + head.size() + " values for " + labels.size() + " labels");
        }
        int best = 0;
        for (int i = 0; i < head.size(); i++) {
          scores.put(labels.get(i), head.get(i));
          if (head.get(i) > head.get(best)) {
            best = i;
          }
        }
        label = labels.get(best);
      } else if (head.size() == 1) {
        scores.put(primary, head.get(0));
      }
    }
    if (label == null && scores.isEmpty() && vectors.isEmpty()) {
      throw error(ErrorKind.INVALID_OUTPUT, "model produced no numeric output");
    }
    return new Prediction(label, scores, vectors);
  }

  private double[] vector(Map<String, Object> features) {
    List<String> order = config.featureOrder();
    if (order.isEmpty()) {
      if (features.size() != 1) {
        throw error(ErrorKind.INVALID_REQUEST,
            "request has " + features.size() + " features but the endpoint has no feature order (features=a,b,...)");
      }
      Map.Entry<String, Object> only = features.entrySet().iterator().next();
      return values(only.getKey(), only.getValue());
    }
    double[] out = new double[order.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = features.get(order.get(i));
      if (v == null) {
        throw error(ErrorKind.INVALID_REQUEST, "feature '" + order.get(i) + "' is missing");
      }
      double[] one = values(order.get(i), v);
      if (one.length != 1) {
        throw error(ErrorKind.INVALID_REQUEST, "feature '" + order.get(i) + "' must be a scalar in a feature vector");
      }
      out[i] = one[0];
    }
    return out;
  }

  private double[] values(String name, Object v) {
    if (v instanceof Number) {
      return new double[] {((Number) v).doubleValue()};
    }
    if (v instanceof Boolean) {
      return new double[] {((Boolean) v) ? 1 : 0};
    }
    if (v instanceof List) {
      List<?> l = (List<?>) v;
      double[] out = new double[l.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ((Number) l.get(i)).doubleValue();
      }
      return out;
    }
    throw error(ErrorKind.INVALID_REQUEST, "feature '" + name + "' is not numeric (strings need an encoder)");
  }

  private OnnxTensor tensor(OrtEnvironment e, String input, double[] v) throws OrtException {
    NodeInfo ni = inputs.get(input);
    if (ni == null || !(ni.getInfo() instanceof TensorInfo)) {
      throw error(ErrorKind.INVALID_REQUEST, "model input '" + input + "' is not a tensor");
    }
    TensorInfo ti = (TensorInfo) ni.getInfo();
    long[] declared = ti.getShape();
    long[] shape;
    if (declared.length <= 1) {
      shape = new long[] {v.length};
    } else {
      shape = new long[declared.length];
      Arrays.fill(shape, 1);
      shape[shape.length - 1] = v.length;
    }
    long expected = declared.length == 0 ? -1 : declared[declared.length - 1];
    if (expected > 0 && expected != v.length) {
      throw error(ErrorKind.INVALID_REQUEST,
          "input '" + input + "' takes " + expected + " values, the request gave " + v.length);
    }
    switch (ti.type) {
      case FLOAT: {
        float[] f = new float[v.length];
        for (int i = 0; i < f.length; i++) {
          f[i] = (float) v[i];
        }
        return OnnxTensor.createTensor(e, FloatBuffer.wrap(f), shape);
      }
      case DOUBLE:
        return OnnxTensor.createTensor(e, DoubleBuffer.wrap(v.clone()), shape);
      case INT64: {
        long[] l = new long[v.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = Math.round(v[i]);
        }
        return OnnxTensor.createTensor(e, LongBuffer.wrap(l), shape);
      }
      case INT32: {
        int[] l = new int[v.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = (int) Math.round(v[i]);
        }
        return OnnxTensor.createTensor(e, IntBuffer.wrap(l), shape);
      }
      default:
        throw error(ErrorKind.INVALID_REQUEST, "model input '" + input + "' has unsupported type " + ti.type);
    }
  }

  private static List<Double> flatten(OnnxTensor t) {
    List<Double> out = new ArrayList<>();
    switch (t.getInfo().type) {
      case FLOAT: {
        FloatBuffer b = t.getFloatBuffer();
        while (b != null && b.hasRemaining()) {
          out.add((double) b.get());
        }
        break;
      }
      case DOUBLE: {
        DoubleBuffer b = t.getDoubleBuffer();
        while (b != null && b.hasRemaining()) {
          out.add(b.get());
        }
        break;
      }
      case INT64: {
        LongBuffer b = t.getLongBuffer();
        while (b != null && b.hasRemaining()) {
          out.add((double) b.get());
        }
        break;
      }
      case INT32: {
        IntBuffer b = t.getIntBuffer();
        while (b != null && b.hasRemaining()) {
          out.add((double) b.get());
        }
        break;
      }
      default:
        break;
    }
    return out;
  }

  private static Object flatStrings(OnnxTensor t) throws OrtException {
    Object v = t.getValue();
    List<String> out = new ArrayList<>();
    collect(v, out);
    return out.toArray(new String[0]);
  }

  private static void collect(@Nullable Object v, List<String> out) {
    if (v instanceof String) {
      out.add((String) v);
    } else if (v instanceof Object[]) {
      for (Object o : (Object[]) v) {
        collect(o, out);
      }
    }
  }

  // ------------------------------------------------------------------ EMBEDDING

  private ModelResponse embed(OrtEnvironment e, OrtSession s, ModelRequest request) {
    TextTokenizer tokenizer = config.tokenizer();
    if (tokenizer == null) {
      throw error(ErrorKind.INVALID_REQUEST, "endpoint has no tokenizer for EMBEDDING");
    }
    String idsName = inputs.containsKey("input_ids") ? "input_ids" : inputs.keySet().iterator().next();
    String output = outputs.get(0);
    ModelResponse.Builder b = ModelResponse.builder(Operation.EMBEDDING)
        .finishReason(FinishReason.NONE).model(info.model()).endpointId(info.id());
    long tokens = 0;
    for (String text : request.inputs()) {
      long[] ids = tokenizer.tokenIds(text);
      if (ids.length == 0) {
        throw error(ErrorKind.INVALID_REQUEST, "tokenizer produced no tokens for an input");
      }
      tokens += ids.length;
      long[] shape = {1, ids.length};
      long[] ones = new long[ids.length];
      Arrays.fill(ones, 1);
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      try {
        feed.put(idsName, OnnxTensor.createTensor(e, LongBuffer.wrap(ids), shape));
        if (inputs.containsKey("attention_mask")) {
          feed.put("attention_mask", OnnxTensor.createTensor(e, LongBuffer.wrap(ones), shape));
        }
        if (inputs.containsKey("token_type_ids")) {
          feed.put("token_type_ids", OnnxTensor.createTensor(e, LongBuffer.wrap(new long[ids.length]), shape));
        }
        try (OrtSession.Result result = run(s, feed, request.deadline())) {
          OnnxValue v = result.get(output).orElse(null);
          if (!(v instanceof OnnxTensor)) {
            throw error(ErrorKind.INVALID_OUTPUT, "output '" + output + "' is not a tensor");
          }
          OnnxTensor t = (OnnxTensor) v;
          long[] outShape = t.getInfo().getShape();
          List<Double> flat = flatten(t);
          float[] vec;
          if (outShape.length == 3) {
            int len = (int) outShape[1];
            int dim = (int) outShape[2];
            vec = new float[dim];
            for (int i = 0; i < len; i++) {
              for (int d = 0; d < dim; d++) {
                vec[d] += flat.get(i * dim + d).floatValue() / len;
              }
            }
          } else {
            vec = new float[flat.size()];
            for (int d = 0; d < vec.length; d++) {
              vec[d] = flat.get(d).floatValue();
            }
          }
          if (vec.length == 0) {
            throw error(ErrorKind.INVALID_OUTPUT, "model produced an empty embedding");
          }
          if (config.normalizeEmbeddings()) {
            double norm = 0;
            for (float f : vec) {
              norm += f * f;
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
              for (int d = 0; d < vec.length; d++) {
                vec[d] = (float) (vec[d] / norm);
              }
            }
          }
          for (float f : vec) {
            if (!Float.isFinite(f)) {
              throw error(ErrorKind.INVALID_OUTPUT, "model produced a non-finite embedding");
            }
          }
          b.embedding(Embedding.of(vec));
        }
      } catch (OrtException ex) {
        throw runFailure(ex);
      } finally {
        feed.values().forEach(OnnxTensor::close);
      }
    }
    return b.usage(new Usage(tokens, 0)).build();
  }

  // ------------------------------------------------------------------ shared

  private OrtSession.Result run(OrtSession s, Map<String, OnnxTensor> feed, @Nullable Deadline deadline) throws OrtException {
    if (Thread.currentThread().isInterrupted()) {
      throw error(ErrorKind.CANCELLED, "call was interrupted before the model ran");
    }
    if (deadline != null && deadline.expired()) {
      throw error(ErrorKind.TIMEOUT, "call deadline passed before the model ran");
    }
    try (OrtSession.RunOptions ro = new OrtSession.RunOptions()) {
      AtomicBoolean terminated = new AtomicBoolean();
      TimeSource.Cancellable timer = deadline == null ? () -> false
          : deadline.timeSource().schedule(deadline.remaining(), () -> {
            terminated.set(true);
            try {
              ro.setTerminate(true);
            } catch (OrtException ignored) {
              // the run ends on its own; the deadline check below still reports TIMEOUT
            }
          });
      try {
        OrtSession.Result r = s.run(feed, new LinkedHashSet<>(outputs), ro);
        if (terminated.get()) {
          r.close();
          throw error(ErrorKind.TIMEOUT, "call deadline passed while the model ran");
        }
        if (Thread.currentThread().isInterrupted()) {
          r.close();
          throw error(ErrorKind.CANCELLED, "call was interrupted while the model ran");
        }
        return r;
      } catch (OrtException ex) {
        if (terminated.get()) {
          throw error(ErrorKind.TIMEOUT, "call deadline passed while the model ran");
        }
        throw ex;
      } finally {
        timer.cancel();
      }
    }
  }

  private ModelException runFailure(OrtException ex) {
    ErrorKind kind = ex.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT
        ? ErrorKind.INVALID_REQUEST
        : ErrorKind.UNAVAILABLE;
    return new ModelException(kind, "ONNX Runtime run failed (" + ex.getCode() + ")", info.id(), 0, null, null);
  }

  private ModelException error(ErrorKind kind, String message) {
    return new ModelException(kind, message, info.id(), 0, null, null);
  }

  /** Waits for running calls, then frees the session and its options. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    ReentrantReadWriteLock.WriteLock write = lock.writeLock();
    write.lock();
    try {
      if (session != null) {
        session.close();
      }
    } catch (OrtException ignored) {
      // the native session is gone either way
    } finally {
      if (options != null) {
        options.close();
      }
      write.unlock();
    }
  }

  @Override
  public String toString() {
    return "OnnxEndpoint[" + info.id() + ", " + config.modelPath().getFileName() + ", device=" + config.device()
        + (unavailable == null ? "" : ", unavailable") + "]";
  }
}
