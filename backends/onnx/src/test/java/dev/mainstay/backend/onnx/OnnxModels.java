package dev.mainstay.backend.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes tiny ONNX models as protobuf bytes by hand (field numbers from onnx.proto), so tests need
 * neither protobuf-java nor the ONNX Python package.
 */
final class OnnxModels {
  private static final int FLOAT = 1;
  private static final int INT64 = 7;

  private OnnxModels() {}

  /**
   * probabilities = Softmax(features · W + b), opset 13; also outputs the logits.
   *
   * @param w weights [inputs][classes]
   * @param b biases [classes]
   */
  static Path linearSoftmax(Path dir, float[][] w, float[] b) throws IOException {
    int in = w.length;
    int classes = b.length;
    float[] flat = new float[in * classes];
    for (int i = 0; i < in; i++) {
      System.arraycopy(w[i], 0, flat, i * classes, classes);
    }
    Proto graph = new Proto()
        .message(1, node(new String[] {"features", "W"}, new String[] {"xw"}, "MatMul"))
        .message(1, node(new String[] {"xw", "b"}, new String[] {"logits"}, "Add"))
        .message(1, node(new String[] {"logits"}, new String[] {"probabilities"}, "Softmax"))
        .string(2, "linear_softmax")
        .message(5, floatTensor("W", new long[] {in, classes}, flat))
        .message(5, floatTensor("b", new long[] {classes}, b))
        .message(11, valueInfo("features", FLOAT, new Object[] {"N", (long) in}))
        .message(12, valueInfo("probabilities", FLOAT, new Object[] {"N", (long) classes}))
        .message(12, valueInfo("logits", FLOAT, new Object[] {"N", (long) classes}));
    return write(dir, "linear.onnx", model(graph));
  }

  /** last_hidden_state = Gather(table, input_ids): [1, L, D] token embeddings. */
  static Path tokenEmbedding(Path dir, float[][] table) throws IOException {
    int v = table.length;
    int d = table[0].length;
    float[] flat = new float[v * d];
    for (int i = 0; i < v; i++) {
      System.arraycopy(table[i], 0, flat, i * d, d);
    }
    Proto graph = new Proto()
        .message(1, node(new String[] {"table", "input_ids"}, new String[] {"last_hidden_state"}, "Gather"))
        .string(2, "token_embedding")
        .message(5, floatTensor("table", new long[] {v, d}, flat))
        .message(11, valueInfo("input_ids", INT64, new Object[] {1L, "L"}))
        .message(12, valueInfo("last_hidden_state", FLOAT, new Object[] {1L, "L", (long) d}));
    return write(dir, "embed.onnx", model(graph));
  }

  private static Proto model(Proto graph) {
    return new Proto()
        .varint(1, 7) // ir_version
        .string(2, "mainstay-test")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13)); // opset_import: default domain, 13
  }

  private static Proto node(String[] inputs, String[] outputs, String op) {
    Proto p = new Proto();
    for (String i : inputs) {
      p.string(1, i);
    }
    for (String o : outputs) {
      p.string(2, o);
    }
    return p.string(3, op + "_" + outputs[0]).string(4, op);
  }

  private static Proto floatTensor(String name, long[] dims, float[] data) {
    Proto p = new Proto();
    for (long d : dims) {
      p.varint(1, d);
    }
    ByteBuffer raw = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      raw.putFloat(f);
    }
    return p.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
  }

  private static Proto valueInfo(String name, int elemType, Object[] dims) {
    Proto shape = new Proto();
    for (Object d : dims) {
      shape.message(1, d instanceof Long ? new Proto().varint(1, (Long) d) : new Proto().string(2, (String) d));
    }
    Proto tensorType = new Proto().varint(1, elemType).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  private static Path write(Path dir, String name, Proto model) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, model.toByteArray());
    return p;
  }

  /** A protobuf message under construction (wire types 0 and 2 only). */
  static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      tag(field, 0);
      raw(value);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
      tag(field, 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    Proto message(int field, Proto value) {
      return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      raw(((long) field << 3) | wireType);
    }

    private void raw(long v) {
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
