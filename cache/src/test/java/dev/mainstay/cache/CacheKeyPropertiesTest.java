package dev.mainstay.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.Deadline;
import dev.mainstay.core.Message;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class CacheKeyPropertiesTest {
  private static final ResponseCache CACHE =
      ResponseCache.inMemory().keyAttributes("prompt.version").build();
  private static final ResponseCache PRINCIPAL_CACHE =
      ResponseCache.inMemory().scope(CacheScope.TENANT_AND_PRINCIPAL).build();

  /** A random request as raw parts, so the test can rebuild equivalent and mutated copies. */
  record Parts(Operation op, String model, List<Message> messages, List<String> inputs,
      Map<String, Object> features, Double temperature, Double topP, Integer maxTokens,
      List<String> stop, Long seed, Map<String, String> extra, String tenant, String principal,
      String promptVersion, long shuffleSeed) {

    ModelRequest build(boolean shuffle) {
      Random rnd = new Random(shuffleSeed);
      Parameters.Builder p = Parameters.builder();
      if (temperature != null) {
        p.temperature(shuffle && temperature == 0.0 ? -0.0 : temperature);
      }
      if (topP != null) {
        p.topP(topP);
      }
      if (maxTokens != null) {
        p.maxTokens(maxTokens);
      }
      List<String> st = new ArrayList<>(stop);
      List<Map.Entry<String, String>> ex = new ArrayList<>(extra.entrySet());
      List<Map.Entry<String, Object>> fs = new ArrayList<>(features.entrySet());
      if (shuffle) {
        Collections.shuffle(st, rnd);
        Collections.shuffle(ex, rnd);
        Collections.shuffle(fs, rnd);
      }
      p.stop(st.toArray(String[]::new));
      if (seed != null) {
        p.seed(seed);
      }
      for (Map.Entry<String, String> e : ex) {
        p.extra(e.getKey(), e.getValue());
      }
      Map<String, Object> feats = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : fs) {
        Object v = e.getValue();
        // 3 and 3.0 are the same value: equivalent inputs
        feats.put(e.getKey(), shuffle && v instanceof Integer ? (Object) ((Integer) v).doubleValue() : v);
      }
      ModelRequest.Builder b = ModelRequest.builder(op).model(model).parameters(p.build());
      if (op == Operation.CHAT) {
        b.messages(messages);
      } else if (op == Operation.COMPLETION) {
        b.message(messages.get(0));
      } else if (op == Operation.EMBEDDING) {
        b.inputs(inputs);
      } else {
        b.features(feats);
      }
      if (tenant != null) {
        b.tenant(tenant);
      }
      if (principal != null) {
        b.principal(principal);
      }
      ModelRequest r = b.build();
      if (promptVersion != null) {
        r = r.attribute("prompt.version", promptVersion);
      }
      if (shuffle) {
        // Things that never affect the answer.
        r = r.requestId("id-" + rnd.nextInt()).timeout(Duration.ofSeconds(1 + rnd.nextInt(50)))
            .withDeadline(Deadline.after(Duration.ofSeconds(5)))
            .attribute("trace.note", "n" + rnd.nextInt());
      }
      return r;
    }
  }

  @Provide
  Arbitrary<Parts> requests() {
    Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '中', '\uD83D')
        .ofMinLength(0).ofMaxLength(12);
    Arbitrary<Operation> op = Arbitraries.of(Operation.class);
    Arbitrary<Message> msg = Combinators.combine(Arbitraries.of(Role.class), text).as(Message::new);
    Arbitrary<List<Message>> msgs = msg.list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<List<String>> inputs = text.list().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Map<String, Object>> features = Arbitraries.maps(
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4),
        Arbitraries.oneOf(Arbitraries.integers().between(-5, 5).map(i -> (Object) i),
            Arbitraries.strings().alpha().ofMaxLength(3).map(s -> (Object) s),
            Arbitraries.of(true, false).map(x -> (Object) x))).ofMinSize(1).ofMaxSize(3);
    Arbitrary<Double> temp = Arbitraries.of(0.0, 0.5, 1.0).injectNull(0.3);
    Arbitrary<Double> topP = Arbitraries.of(0.5, 1.0).injectNull(0.5);
    Arbitrary<Integer> maxTokens = Arbitraries.integers().between(1, 5).injectNull(0.5);
    Arbitrary<List<String>> stop = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3)
        .set().ofMaxSize(3).map(ArrayList::new);
    Arbitrary<Long> seed = Arbitraries.longs().between(0, 3).injectNull(0.5);
    Arbitrary<Map<String, String>> extra = Arbitraries.maps(
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(3),
        Arbitraries.strings().alpha().ofMaxLength(3)).ofMaxSize(3);
    Arbitrary<String> who = Arbitraries.of("acme", "globex", "a", "ab").injectNull(0.3);
    Arbitrary<String> version = Arbitraries.of("v1", "v2").injectNull(0.5);
    return Combinators.combine(
        Combinators.combine(op, Arbitraries.of("default", "gpt", "llama"), msgs, inputs, features)
            .as(java.util.Arrays::<Object>asList),
        Combinators.combine(temp, topP, maxTokens, stop, seed, extra).as(java.util.Arrays::<Object>asList),
        Combinators.combine(who, who, version, Arbitraries.longs()).as(java.util.Arrays::<Object>asList))
        .as(CacheKeyPropertiesTest::parts);
  }

  @SuppressWarnings("unchecked")
  private static Parts parts(List<Object> a, List<Object> b, List<Object> c) {
    return new Parts((Operation) a.get(0), (String) a.get(1), (List<Message>) a.get(2),
        (List<String>) a.get(3), (Map<String, Object>) a.get(4), (Double) b.get(0),
        (Double) b.get(1), (Integer) b.get(2), (List<String>) b.get(3), (Long) b.get(4),
        (Map<String, String>) b.get(5), (String) c.get(0), (String) c.get(1), (String) c.get(2),
        (Long) c.get(3));
  }

  @Property(tries = 200)
  void key_equivalentRequests_sameKey(@ForAll("requests") Parts parts) {
    // Given: the same request, and a copy differing only in order, ids, deadlines, timeouts,
    // non-key attributes, -0.0 vs 0.0 and 3 vs 3.0
    ModelRequest a = parts.build(false);
    ModelRequest b = parts.build(true);
    // When / Then
    assertThat(CACHE.keyOf(b)).isEqualTo(CACHE.keyOf(a));
  }

  @Property(tries = 200)
  void key_anyOutputAffectingDifference_differentKey(
      @ForAll("requests") Parts parts, @ForAll @IntRange(min = 0, max = 12) int field) {
    // Given
    ModelRequest a = parts.build(false);
    Parts m = mutate(parts, field);
    ModelRequest b = m.build(false);
    // When / Then (a mutation that happens to produce an equal request is no difference)
    if (!a.equals(b) || !a.attributes().equals(b.attributes())) {
      assertThat(CACHE.keyOf(b)).isNotEqualTo(CACHE.keyOf(a));
    }
  }

  private static Parts mutate(Parts p, int field) {
    switch (field) {
      case 0:
        return with(p, p.op() == Operation.CHAT ? Operation.COMPLETION : Operation.CHAT);
      case 1:
        return new Parts(p.op(), p.model() + "x", p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(),
            p.principal(), p.promptVersion(), p.shuffleSeed());
      case 2: {
        List<Message> ms = new ArrayList<>(
            p.op() == Operation.COMPLETION ? p.messages().subList(0, 1) : p.messages());
        Message last = ms.remove(ms.size() - 1);
        ms.add(last.withText(last.text() + "?"));
        return new Parts(p.op(), p.model(), ms, p.inputs(), p.features(), p.temperature(), p.topP(),
            p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(), p.principal(),
            p.promptVersion(), p.shuffleSeed());
      }
      case 3: {
        List<String> in = new ArrayList<>(p.inputs());
        in.add("more");
        return new Parts(p.op(), p.model(), p.messages(), in, p.features(), p.temperature(),
            p.topP(), p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(), p.principal(),
            p.promptVersion(), p.shuffleSeed());
      }
      case 4: {
        Map<String, Object> f = new LinkedHashMap<>(p.features());
        f.put("zzz", 0.25);
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), f, p.temperature(),
            p.topP(), p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(), p.principal(),
            p.promptVersion(), p.shuffleSeed());
      }
      case 5:
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            bumpTemperature(p.temperature()),
            p.topP(), p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(), p.principal(),
            p.promptVersion(), p.shuffleSeed());
      case 6:
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP() == null ? 0.9 : null, p.maxTokens(), p.stop(), p.seed(),
            p.extra(), p.tenant(), p.principal(), p.promptVersion(), p.shuffleSeed());
      case 7:
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens() == null ? 7 : p.maxTokens() + 1, p.stop(),
            p.seed(), p.extra(), p.tenant(), p.principal(), p.promptVersion(), p.shuffleSeed());
      case 8: {
        List<String> st = new ArrayList<>(p.stop());
        st.add("ZZZZ");
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens(), st, p.seed(), p.extra(), p.tenant(),
            p.principal(), p.promptVersion(), p.shuffleSeed());
      }
      case 9:
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens(), p.stop(), p.seed() == null ? 99L : null,
            p.extra(), p.tenant(), p.principal(), p.promptVersion(), p.shuffleSeed());
      case 10: {
        Map<String, String> ex = new LinkedHashMap<>(p.extra());
        ex.merge("k", "1", (x, y) -> x + y);
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens(), p.stop(), p.seed(), ex, p.tenant(),
            p.principal(), p.promptVersion(), p.shuffleSeed());
      }
      case 11:
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens(), p.stop(), p.seed(), p.extra(),
            p.tenant() == null ? "acme" : p.tenant() + "b", p.principal(), p.promptVersion(),
            p.shuffleSeed());
      default:
        return new Parts(p.op(), p.model(), p.messages(), p.inputs(), p.features(),
            p.temperature(), p.topP(), p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(),
            p.principal(), p.promptVersion() == null ? "v3" : null, p.shuffleSeed());
    }
  }

  private static Double bumpTemperature(Double t) {
    if (t == null) {
      return 0.0;
    }
    return t >= 1.5 ? null : Double.valueOf(t + 0.25);
  }

  private static Parts with(Parts p, Operation op) {
    List<Message> ms = op == Operation.COMPLETION ? List.of(p.messages().get(0)) : p.messages();
    return new Parts(op, p.model(), ms, p.inputs(), p.features(), p.temperature(), p.topP(),
        p.maxTokens(), p.stop(), p.seed(), p.extra(), p.tenant(), p.principal(), p.promptVersion(),
        p.shuffleSeed());
  }

  @Test
  void key_messageBoundaries_unambiguous() {
    // Given: the same characters split differently across messages
    ModelRequest a = ModelRequest.chat(List.of(Message.user("ab"), Message.user("c")));
    ModelRequest b = ModelRequest.chat(List.of(Message.user("a"), Message.user("bc")));
    ModelRequest c = ModelRequest.chat(List.of(Message.user("abc")));
    // Then
    assertThat(CACHE.keyOf(a)).isNotEqualTo(CACHE.keyOf(b)).isNotEqualTo(CACHE.keyOf(c));
  }

  @Test
  void key_noTenantScope_distinctFromEveryTenant() {
    // Given
    ModelRequest none = ModelRequest.chat("q");
    // Then
    assertThat(CACHE.keyOf(none)).isNotEqualTo(CACHE.keyOf(none.tenant("null")))
        .isNotEqualTo(CACHE.keyOf(none.tenant("-")))
        .isEqualTo(CACHE.keyOf(ModelRequest.chat("q")));
  }

  @Test
  void key_principalScope_separatesPrincipalsOnlyWhenConfigured() {
    // Given
    ModelRequest alice = ModelRequest.chat("q").tenant("acme").principal("alice");
    ModelRequest bob = ModelRequest.chat("q").tenant("acme").principal("bob");
    // Then
    assertThat(CACHE.keyOf(alice)).isEqualTo(CACHE.keyOf(bob));
    assertThat(PRINCIPAL_CACHE.keyOf(alice)).isNotEqualTo(PRINCIPAL_CACHE.keyOf(bob));
    // tenant "a" + principal "bc" is not tenant "ab" + principal "c"
    assertThat(PRINCIPAL_CACHE.keyOf(ModelRequest.chat("q").tenant("a").principal("bc")))
        .isNotEqualTo(PRINCIPAL_CACHE.keyOf(ModelRequest.chat("q").tenant("ab").principal("c")));
  }

  @Test
  void key_loneSurrogatesAndQuestionMarks_allDistinct() {
    // Given: strings UTF-8 would all encode as "a?b"
    List<String> texts = List.of("a?b", "a\uD800b", "a\uDC00b", "a\uD801b", "a??b", "a\uD800?b");
    // When
    java.util.Set<CacheKey> keys = new java.util.HashSet<>();
    for (String t : texts) {
      keys.add(CACHE.keyOf(ModelRequest.chat(t)));
    }
    // Then
    assertThat(keys).hasSize(texts.size());
    assertThat(CACHE.keyOf(ModelRequest.chat("a\uD800b")))
        .isEqualTo(CACHE.keyOf(ModelRequest.chat("a\uD800b")));
  }

  @Test
  void key_hex_is64LowerCaseChars() {
    assertThat(CACHE.keyOf(ModelRequest.chat("q")).toHex()).matches("[0-9a-f]{64}");
  }
}
