package dev.mainstay.backend.onnx;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointProvider;
import java.net.URI;

/**
 * The {@code onnx:} scheme for {@link dev.mainstay.core.Endpoints#open(URI)}, for example {@code
 * onnx:models/fraud.onnx?device=cpu&input=features&output=probabilities&labels=legit,fraud}. See
 * {@link OnnxConfig#fromUri(URI)}.
 */
public final class OnnxEndpointProvider implements EndpointProvider {

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public OnnxEndpointProvider() {}

  @Override
  public String scheme() {
    return "onnx";
  }

  @Override
  public Endpoint open(URI uri) {
    return Onnx.open(OnnxConfig.fromUri(uri));
  }
}
