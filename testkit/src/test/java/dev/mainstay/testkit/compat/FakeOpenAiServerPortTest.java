package dev.mainstay.testkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerPortTest {

  @Test
  void listensOnTheConfiguredPort() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    try (FakeOpenAiServer server = FakeOpenAiServer.builder().port(port).start()) {
      assertThat(server.baseUrl()).endsWith(":" + port + "/v1");
    }
  }

  @Test
  void picksAFreePortByDefault() {
    try (FakeOpenAiServer a = FakeOpenAiServer.builder().start();
        FakeOpenAiServer b = FakeOpenAiServer.builder().start()) {
      assertThat(a.baseUrl()).isNotEqualTo(b.baseUrl());
    }
  }

  @Test
  void rejectsPortsOutOfRange() {
    assertThatThrownBy(() -> FakeOpenAiServer.builder().port(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65536");
    assertThatThrownBy(() -> FakeOpenAiServer.builder().port(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
