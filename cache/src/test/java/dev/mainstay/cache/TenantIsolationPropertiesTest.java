package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.cache.Fixtures.CountingModel;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.testkit.ManualTimeSource;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

final class TenantIsolationPropertiesTest {

  record Call(String tenant, int question, boolean paraphrase) {}

  @Provide
  Arbitrary<List<Call>> traffic() {
    return Combinators.combine(
            Arbitraries.of("acme", "globex", "initech", "NONE"),
            Arbitraries.integers().between(0, 4),
            Arbitraries.of(true, false))
        .as(Call::new).list().ofMinSize(1).ofMaxSize(60);
  }

  private static final String[] QUESTIONS = {
    "How do I reset my password?",
    "What are your opening hours?",
    "How can I cancel my subscription?",
    "Where is my order?",
    "Do you ship to Canada?"
  };

  private static final String[] PARAPHRASES = {
    "how do i reset my password",
    "What are your opening hours today?",
    "How can I cancel my subscription please?",
    "Where is my order now?",
    "Do you ship to Canada at all?"
  };

  @Property(tries = 100)
  void call_randomMultiTenantTraffic_neverServesAnotherTenantsAnswer(
      @ForAll("traffic") List<Call> calls) {
    // Given: exact and semantic caching (low threshold to make cross-partition hits likely if
    // isolation were broken); the model's answer names the tenant it was computed for
    CountingModel model = CountingModel.echo();
    ResponseCache cache = Fixtures.syncCache().semantic(Embedder.hashing(), 0.5).build();
    ModelClient c = Fixtures.client(new ManualTimeSource(), cache, model);
    for (Call call : calls) {
      String text = call.paraphrase() ? PARAPHRASES[call.question()] : QUESTIONS[call.question()];
      ModelRequest r = Fixtures.det(text);
      if (!call.tenant().equals("NONE")) {
        r = r.tenant(call.tenant());
      }
      // When
      ModelResponse answer = c.call(r);
      // Then
      String owner = call.tenant().equals("NONE") ? "null" : call.tenant();
      assertThat(answer.text()).contains(" for " + owner + " to ");
    }
  }
}
