package dev.mainstay.backend.onnx;

import static java.util.Objects.requireNonNull;

import dev.mainstay.backend.onnx.internal.OnnxEndpoint;
import dev.mainstay.core.Endpoint;

/** Opens in-process ONNX Runtime endpoints. */
public final class Onnx {
  private Onnx() {}

  /**
   * Opens an endpoint: loads the model into an ONNX Runtime session on the configured device.
   * When the device is {@code cuda:N} but the CUDA execution provider or the GPU is missing, the
   * endpoint still opens and every call fails with {@link dev.mainstay.core.ErrorKind#UNAVAILABLE}
   * naming the reason, so a route fails over to a CPU endpoint.
   *
   * @param config the configuration
   * @return a thread-safe endpoint; closing it closes the session
   * @throws IllegalArgumentException if the model file is missing or is not a valid model
   */
  public static Endpoint open(OnnxConfig config) {
    return new OnnxEndpoint(requireNonNull(config, "config"));
  }
}
