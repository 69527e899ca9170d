package dev.mainstay.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class MessageTest {

  @Test
  void message_nullRoleOrText_rejectedByName() {
    assertThatThrownBy(() -> new Message(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("role");
    assertThatThrownBy(() -> new Message(Role.USER, null)).isInstanceOf(NullPointerException.class).hasMessage("text");
  }

  @Test
  void message_toString_showsRoleAndLengthOnly() {
    // Given a message with a canary / When printed / Then only role and length show
    Message m = Message.assistant(Canary.ANSWER);
    assertThat(m.toString()).isEqualTo("Message[role=ASSISTANT, chars=" + Canary.ANSWER.length() + "]");
    assertThat(m.withText("x")).isEqualTo(new Message(Role.ASSISTANT, "x"));
    assertThat(Message.system("s").role()).isEqualTo(Role.SYSTEM);
    assertThat(Message.user("").text()).isEmpty();
  }
}
