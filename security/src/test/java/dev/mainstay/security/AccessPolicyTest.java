package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.event.AccessDeniedEvent;
import dev.mainstay.core.event.ModelEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

final class AccessPolicyTest {
  private final AccessPolicy policy = AccessPolicy.builder()
      .role("analyst", Permission.builder().clients("chat").models("small", "default")
          .operations(Operation.CHAT).maxTokens(512).build())
      .role("admin", Permission.all())
      .principal("alice", "analyst")
      .principal("root", "admin")
      .tenant("acme", "analyst")
      .build();

  private static ModelRequest chat(String principal) {
    return ModelRequest.chat("hello").principal(principal);
  }

  @Test
  void decide_reasons() {
    assertThat(policy.decide(chat("alice"), "chat")).isEqualTo(new AccessDecision(true, "ALLOWED", 512));
    assertThat(policy.decide(chat("mallory"), "chat").reason()).isEqualTo("NO_ROLE");
    assertThat(policy.decide(chat("alice"), "billing").reason()).isEqualTo("CLIENT");
    assertThat(policy.decide(chat("alice").model("large"), "chat").reason()).isEqualTo("MODEL");
    assertThat(policy.decide(ModelRequest.embedding("x").principal("alice"), "chat").reason())
        .isEqualTo("OPERATION");
    ModelRequest big = chat("alice").parameters(Parameters.builder().maxTokens(4096).build());
    assertThat(policy.decide(big, "chat").reason()).isEqualTo("MAX_TOKENS");
    assertThat(policy.decide(chat("root").model("large"), "billing").allowed()).isTrue();
    assertThat(policy.decide(ModelRequest.chat("x").tenant("acme"), "chat").allowed()).isTrue();
  }

  @Test
  void call_denied_neverReachesEndpointAndPublishesAudit() {
    // Given a client behind the policy
    RecordingEndpoint endpoint = RecordingEndpoint.answering("ok");
    List<ModelEvent> events = new CopyOnWriteArrayList<>();
    ModelClient chat = Mainstay.client("chat").endpoint(endpoint).with(policy).listener(events::add).build();

    // When an unknown principal calls with a secret-looking prompt
    assertThatThrownBy(() -> chat.call(ModelRequest.chat("CANARY-PROMPT-1").principal("mallory")))
        .isInstanceOfSatisfying(ModelException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
          assertThat(e.getMessage()).doesNotContain("CANARY-PROMPT");
        });

    // Then the endpoint saw nothing and the audit event names who and why
    assertThat(endpoint.received).isEmpty();
    assertThat(events).filteredOn(AccessDeniedEvent.class::isInstance).singleElement()
        .satisfies(e -> {
          AccessDeniedEvent d = (AccessDeniedEvent) e;
          assertThat(d.principal()).isEqualTo("mallory");
          assertThat(d.reason()).isEqualTo("NO_ROLE");
        });
    assertThat(events.toString()).doesNotContain("CANARY-PROMPT");
  }

  @Test
  void call_allowedWithoutMaxTokens_getsRoleLimit() {
    RecordingEndpoint endpoint = RecordingEndpoint.answering("ok");
    ModelClient chat = Mainstay.client("chat").endpoint(endpoint).with(policy).build();
    chat.call(ModelRequest.chat(List.of(Message.user("hi"))).principal("alice"));
    assertThat(endpoint.received.get(0).parameters().maxTokens()).isEqualTo(512);
  }

  @Test
  void builder_undefinedRole_throws() {
    assertThatThrownBy(() -> AccessPolicy.builder().principal("bob", "ghost").build())
        .isInstanceOf(IllegalStateException.class);
  }
}
