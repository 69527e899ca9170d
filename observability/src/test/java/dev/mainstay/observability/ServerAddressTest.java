package dev.mainstay.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class ServerAddressTest {

  @Property(tries = 200)
  void serverAddress_validPort_accepted(@ForAll @IntRange(min = 1, max = 65535) int port) {
    assertThat(new ServerAddress("h", port).port()).isEqualTo(port);
  }

  @Test
  void serverAddress_invalid_rejected() {
    assertThatThrownBy(() -> new ServerAddress(" ", 80)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerAddress("h", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerAddress("h", 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ServerAddress(null, 80)).isInstanceOf(NullPointerException.class);
  }
}
