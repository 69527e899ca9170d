package dev.mainstay.core;

import java.net.URI;

/**
 * A test-only {@link EndpointProvider} for the scheme {@code coretest}, registered in {@code
 * src/test/resources/META-INF/services}, to prove discovery works inside core. {@code
 * coretest:echo?id=X} answers every chat with its last message's text.
 */
public final class CoreTestEndpointProvider implements EndpointProvider {

  /** Needed by {@link java.util.ServiceLoader}. */
  public CoreTestEndpointProvider() {}

  @Override
  public String scheme() {
    return "coretest";
  }

  @Override
  public Endpoint open(URI uri) {
    String ssp = uri.getSchemeSpecificPart();
    int q = ssp.indexOf('?');
    String kind = q < 0 ? ssp : ssp.substring(0, q);
    if (!kind.equals("echo")) {
      throw new IllegalArgumentException("coretest supports only 'echo', was '" + kind + "'");
    }
    String id = q >= 0 && ssp.startsWith("id=", q + 1) ? ssp.substring(q + 4) : "echo";
    EndpointInfo info = EndpointInfo.builder(id).provider("coretest").build();
    return Endpoint.of(info, r -> ModelResponse.ofText(r.messages().get(r.messages().size() - 1).text()));
  }
}
