package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

final class EndpointsTest {

  @Test
  void open_registeredScheme_foundThroughServiceLoader() {
    // Given the test-only provider listed in META-INF/services / When opened by URI
    Endpoint ep = Endpoints.open("coretest:echo?id=e1");
    // Then the provider made the endpoint, and it answers
    assertThat(ep.info().id()).isEqualTo("e1");
    assertThat(ep.info().provider()).isEqualTo("coretest");
    assertThat(ep.call(ModelRequest.chat("hello")).text()).isEqualTo("hello");
    assertThat(Endpoints.providers()).containsKey("coretest");
    assertThat(Endpoints.providers().get("coretest")).isInstanceOf(CoreTestEndpointProvider.class);
  }

  @Test
  void open_schemeInUpperCase_stillFound() {
    assertThat(Endpoints.open(URI.create("CoreTest:echo?id=e2")).info().id()).isEqualTo("e2");
  }

  @Test
  void open_unknownScheme_namesTheSchemesAvailable() {
    assertThatThrownBy(() -> Endpoints.open("nosuch:thing"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no endpoint provider for scheme 'nosuch'; available schemes: [")
        .hasMessageContaining("coretest")
        .hasMessageEndingWith("(add the backend's jar to the class path)");
  }

  @Test
  void open_noScheme_namesTheSchemesAvailable() {
    assertThatThrownBy(() -> Endpoints.open("just/a/path"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("endpoint URI has no scheme; available schemes: [")
        .hasMessageContaining("coretest");
  }

  @Test
  void open_malformedUri_neverEchoesIt() {
    // Given a malformed URI carrying a secret
    String uri = "coretest:echo?key=sk-SECRET-123 with spaces";
    // When opened / Then the error says what is wrong without quoting the URI, nor chaining it
    assertThatThrownBy(() -> Endpoints.open(uri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed endpoint URI: ")
        .hasNoCause()
        .satisfies(e -> assertThat(e.toString()).doesNotContain("SECRET"));
  }

  @Test
  void open_providerRejectsUri_propagatesItsMessage() {
    assertThatThrownBy(() -> Endpoints.open("coretest:other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coretest supports only 'echo', was 'other'");
    assertThatThrownBy(() -> Endpoints.open((String) null)).isInstanceOf(NullPointerException.class).hasMessage("uri");
  }
}
