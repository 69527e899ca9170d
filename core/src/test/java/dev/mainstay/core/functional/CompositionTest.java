package dev.mainstay.core.functional;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.core.AttemptDecorator;
import dev.mainstay.core.AttemptStage;
import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientBuilder;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.Decorator;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Stage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The library owns the order: whatever order decorators are added in, the chain is the same. */
final class CompositionTest {

  /** A call decorator that records its name each time a call passes through it. */
  record CallStep(String name, Stage stage, List<String> trace) implements CallDecorator {
    @Override
    public ModelClient decorate(ModelClient next, ClientContext context) {
      return request -> {
        trace.add(name);
        return next.call(request);
      };
    }
  }

  /** An attempt decorator that records its name each time an attempt passes through it. */
  record AttemptStep(String name, AttemptStage attemptStage, List<String> trace) implements AttemptDecorator {
    @Override
    public ModelClient decorateAttempt(Endpoint endpoint, ModelClient next, ClientContext context) {
      return request -> {
        trace.add(name);
        return next.call(request);
      };
    }
  }

  /** Decorators as (name, stage) pairs; the last ones share a stage with an earlier one. */
  private static List<Decorator> pool(List<String> trace) {
    List<Decorator> all = new ArrayList<>();
    for (Stage s : Stage.values()) {
      if (s != Stage.ROUTE) {
        all.add(new CallStep(s.name().toLowerCase(java.util.Locale.ROOT), s, trace));
      }
    }
    all.add(new CallStep("cache2", Stage.CACHE, trace));
    all.add(new CallStep("observe2", Stage.OBSERVE, trace));
    for (AttemptStage s : AttemptStage.values()) {
      all.add(new AttemptStep("a-" + s.name().toLowerCase(java.util.Locale.ROOT), s, trace));
    }
    all.add(new AttemptStep("a-tap2", AttemptStage.TAP, trace));
    return all;
  }

  @Provide
  Arbitrary<List<Integer>> orders() {
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < pool(new ArrayList<>()).size(); i++) {
      indices.add(i);
    }
    return Arbitraries.shuffle(indices);
  }

  private static ModelClient build(List<Decorator> inOrder, List<String> trace) {
    Endpoint ep = Endpoint.of(EndpointInfo.builder("ep").build(), r -> {
      trace.add("endpoint");
      return ModelResponse.ofText("ok");
    });
    ClientBuilder b = Mainstay.client("c").endpoint(ep);
    inOrder.forEach(b::with);
    return b.build();
  }

  @Property(tries = 200)
  void chain_anyInsertionOrder_nestsByStageKeepingInsertionOrderWithinAStage(
      @ForAll("orders") List<Integer> order) {
    // Given the decorators added in a random order
    List<String> trace = new CopyOnWriteArrayList<>();
    List<Decorator> pool = pool(trace);
    List<Decorator> added = order.stream().map(pool::get).collect(Collectors.toList());
    ModelClient client = build(added, trace);

    // When a call runs
    client.call(ModelRequest.chat("hi"));

    // Then the call chain is sorted by stage (stable, so same-stage decorators keep insertion
    // order), then the attempt chain by attempt stage, then the endpoint
    List<CallStep> calls = added.stream().filter(d -> d instanceof CallStep).map(d -> (CallStep) d)
        .sorted(Comparator.comparing(CallStep::stage)).collect(Collectors.toList());
    List<AttemptStep> attempts = added.stream().filter(d -> d instanceof AttemptStep).map(d -> (AttemptStep) d)
        .sorted(Comparator.comparing(AttemptStep::attemptStage)).collect(Collectors.toList());
    List<String> expected = new ArrayList<>();
    calls.forEach(d -> expected.add(d.name()));
    attempts.forEach(d -> expected.add(d.name()));
    expected.add("endpoint");
    assertThat(trace).containsExactlyElementsOf(expected);

    // and toString() prints exactly that chain
    StringBuilder s = new StringBuilder("ModelClient[c: ");
    calls.forEach(d -> s.append(d.name()).append('('));
    s.append("Direct[ep]").append(")".repeat(calls.size())).append("; each attempt: ");
    attempts.forEach(d -> s.append(d.name()).append('('));
    s.append("endpoint").append(")".repeat(attempts.size())).append(']');
    assertThat(client.toString()).isEqualTo(s.toString());

    // and same-stage pairs kept their insertion order
    assertThat(trace.indexOf("cache") < trace.indexOf("cache2"))
        .isEqualTo(added.indexOf(pool.get(3)) < added.indexOf(pool.get(6)));
  }

  @Property(tries = 50)
  void chain_twoInsertionOrders_identicalToStringAndNesting(
      @ForAll("orders") List<Integer> first, @ForAll("orders") List<Integer> second) {
    // Given the distinct-stage decorators (no same-stage pairs) added in two random orders
    List<String> trace1 = new CopyOnWriteArrayList<>();
    List<String> trace2 = new CopyOnWriteArrayList<>();
    ModelClient c1 = build(distinct(first, pool(trace1)), trace1);
    ModelClient c2 = build(distinct(second, pool(trace2)), trace2);
    // When both are called
    c1.call(ModelRequest.chat("hi"));
    c2.call(ModelRequest.chat("hi"));
    // Then nesting and description are identical, and in the canonical stage order
    assertThat(c1.toString()).isEqualTo(c2.toString()).isEqualTo(
        "ModelClient[c: observe(access(input_guard(cache(output_guard(limit(Direct[ep]))))));"
            + " each attempt: a-observe(a-tap(a-validate(endpoint)))]");
    assertThat(trace1).isEqualTo(trace2).containsExactly("observe", "access", "input_guard", "cache",
        "output_guard", "limit", "a-observe", "a-tap", "a-validate", "endpoint");
  }

  private static List<Decorator> distinct(List<Integer> order, List<Decorator> pool) {
    return order.stream().map(pool::get)
        .filter(d -> !d.name().equals("cache2") && !d.name().equals("observe2") && !d.name().equals("a-tap2"))
        .collect(Collectors.toList());
  }

  @Test
  void chain_noDecorators_isJustTheRoute() {
    assertThat(build(List.of(), new ArrayList<>()).toString()).isEqualTo("ModelClient[c: Direct[ep]]");
  }
}
