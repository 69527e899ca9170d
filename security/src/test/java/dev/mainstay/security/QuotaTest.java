package dev.mainstay.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Mainstay;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Operation;
import dev.mainstay.core.Parameters;
import dev.mainstay.core.Usage;
import dev.mainstay.core.event.AccessDeniedEvent;
import dev.mainstay.core.event.BudgetExceededEvent;
import dev.mainstay.core.event.ModelEvent;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

final class QuotaTest {

  /** An endpoint that answers on the caller's thread with a chosen usage, counting calls. */
  static final class UsageEndpoint implements Endpoint {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicLong tokens = new AtomicLong();
    private final ToLongFunction<ModelRequest> usage;

    UsageEndpoint(ToLongFunction<ModelRequest> usage) {
      this.usage = usage;
    }

    @Override
    public EndpointInfo info() {
      return EndpointInfo.builder("usage-1").provider("fake").model("m").build();
    }

    @Override
    public boolean honoursInterrupts() {
      return true;
    }

    @Override
    public ModelResponse call(ModelRequest request) {
      calls.incrementAndGet();
      long u = usage.applyAsLong(request);
      tokens.addAndGet(u);
      return ModelResponse.builder(Operation.CHAT).text("ok").usage(new Usage(u / 2, u - u / 2))
          .build();
    }
  }

  private final ManualTimeSource time = new ManualTimeSource();

  private static AccessPolicy.Builder open() {
    return AccessPolicy.builder().role("user", Permission.all()).everyone("user");
  }

  private ModelClient client(AccessPolicy policy, Endpoint endpoint, List<ModelEvent> events) {
    return Mainstay.client("chat").endpoint(endpoint).timeSource(time).with(policy)
        .listener(events::add).build();
  }

  private static ModelRequest call(String tenant) {
    return ModelRequest.chat("CANARY-PROMPT-7 hello").tenant(tenant);
  }

  @Test
  void requestQuota_refusesBeforeTheModel_andResetsWithTheWindow() {
    // Given 3 requests per tenant per minute
    AccessPolicy policy = open()
        .quota(Quota.perTenant(Duration.ofMinutes(1)).maxRequests(3).build()).build();
    UsageEndpoint endpoint = new UsageEndpoint(r -> 10);
    List<ModelEvent> events = new CopyOnWriteArrayList<>();
    ModelClient chat = client(policy, endpoint, events);

    // When acme calls four times in the window
    for (int i = 0; i < 3; i++) {
      chat.call(call("acme"));
    }
    time.advance(Duration.ofSeconds(20));

    // Then the fourth fails fast, with a retry-after to the window's end, and no text anywhere
    assertThatThrownBy(() -> chat.call(call("acme")))
        .isInstanceOfSatisfying(ModelException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(40));
          assertThat(e.getMessage()).contains("REQUEST_QUOTA").doesNotContain("CANARY");
        });
    assertThat(endpoint.calls).hasValue(3);
    assertThat(events).filteredOn(AccessDeniedEvent.class::isInstance).isEmpty();
    assertThat(events).filteredOn(BudgetExceededEvent.class::isInstance).singleElement()
        .satisfies(e -> {
          BudgetExceededEvent d = (BudgetExceededEvent) e;
          assertThat(d.tenant()).isEqualTo("acme");
          assertThat(d.scope()).isEqualTo("tenant");
          assertThat(d.reason()).isEqualTo("REQUEST_QUOTA");
          assertThat(d.window()).isEqualTo(Duration.ofMinutes(1));
          assertThat(d.retryAfter()).isEqualTo(Duration.ofSeconds(40));
        });
    assertThat(events.toString()).doesNotContain("CANARY");

    // and another tenant has its own quota, and acme's comes back with the next window
    chat.call(call("globex"));
    time.advance(Duration.ofSeconds(40));
    chat.call(call("acme"));
    assertThat(endpoint.calls).hasValue(5);
  }

  @Test
  void tokenBudget_chargesUsage_andRefusesACallThatWouldStartOverBudget() {
    // Given 100 tokens per tenant per day, calls using 40 tokens each
    AccessPolicy policy = open()
        .quota(Quota.perTenant(Duration.ofDays(1)).maxTokens(100).build()).build();
    UsageEndpoint endpoint = new UsageEndpoint(r -> 40);
    ModelClient chat = client(policy, endpoint, new ArrayList<>());

    // When acme calls: 40, 80, 120 (the third started at 80, under budget)
    for (int i = 0; i < 3; i++) {
      chat.call(call("acme"));
    }
    assertThat(policy.tokensUsed(0, "acme", time)).isEqualTo(120);

    // Then the next call would start over budget and never reaches the model
    assertThatThrownBy(() -> chat.call(call("acme")))
        .isInstanceOfSatisfying(ModelException.class,
            e -> assertThat(e.getMessage()).contains("TOKEN_BUDGET"));
    assertThat(endpoint.calls).hasValue(3);
    time.advance(Duration.ofDays(1));
    assertThat(policy.tokensUsed(0, "acme", time)).isZero();
    chat.call(call("acme"));
  }

  @Test
  void principalQuota_onlyForNamedPrincipals_andAnonymousCallsShareOneAccount() {
    AccessPolicy policy = open()
        .quota(Quota.perPrincipal(Duration.ofMinutes(1)).maxRequests(1).only("bot").build())
        .quota(Quota.perTenant(Duration.ofMinutes(1)).maxRequests(2).build())
        .build();
    UsageEndpoint endpoint = new UsageEndpoint(r -> 1);
    ModelClient chat = client(policy, endpoint, new ArrayList<>());

    chat.call(ModelRequest.chat("a").principal("bot").tenant("t1"));
    assertThatThrownBy(() -> chat.call(ModelRequest.chat("a").principal("bot").tenant("t1")))
        .isInstanceOf(ModelException.class);
    // the refused call counted nowhere: alice still has t1's second request
    chat.call(ModelRequest.chat("a").principal("alice").tenant("t1"));
    // calls without a tenant share the anonymous account
    chat.call(ModelRequest.chat("a"));
    chat.call(ModelRequest.chat("a"));
    assertThatThrownBy(() -> chat.call(ModelRequest.chat("a"))).isInstanceOf(ModelException.class);
    assertThat(endpoint.calls).hasValue(4);
  }

  @Test
  void failedCalls_countAsRequests_butChargeNoTokens() {
    AccessPolicy policy = open().quota(Quota.perTenant(Duration.ofMinutes(1)).maxRequests(5)
        .maxTokens(50).build()).build();
    UsageEndpoint endpoint = new UsageEndpoint(r -> {
      throw new ModelException(ErrorKind.INVALID_REQUEST, "boom");
    });
    ModelClient chat = client(policy, endpoint, new ArrayList<>());
    assertThatThrownBy(() -> chat.call(call("acme"))).isInstanceOf(ModelException.class);
    assertThat(policy.tokensUsed(0, "acme", time)).isZero();
  }

  @Test
  void trackedTenants_areBounded_idleOnesEvictedFirst() {
    AccessPolicy policy = open().maxTrackedCallers(3)
        .quota(Quota.perTenant(Duration.ofMinutes(1)).maxRequests(1).build()).build();
    ModelClient chat = client(policy, new UsageEndpoint(r -> 1), new ArrayList<>());
    for (int i = 0; i < 1000; i++) {
      chat.call(call("tenant-" + i));
      assertThat(policy.trackedCallers(0)).isLessThanOrEqualTo(3);
    }
    // an active tenant survives when an idle one can go
    chat.call(call("a"));
    time.advance(Duration.ofMinutes(2));
    chat.call(call("b"));
    chat.call(call("c"));
    assertThatThrownBy(() -> chat.call(call("b"))).isInstanceOf(ModelException.class);
    chat.call(call("d")); // evicts idle "a" (window over, nothing in flight)
    assertThatThrownBy(() -> chat.call(call("c"))).isInstanceOf(ModelException.class);
  }

  @Test
  void builder_validates() {
    assertThatThrownBy(() -> Quota.perTenant(Duration.ofMinutes(1)).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Quota.perTenant(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Quota.perTenant(Duration.ofMinutes(1)).maxTokens(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessPolicy.builder().maxTrackedCallers(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Sequential calls with arbitrary usages and pauses never overrun the budget by more than one call. */
  @Property(tries = 200)
  void tokenBudget_neverOverrunByMoreThanOneCall(
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 500) Integer> usages,
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 30) Integer> pausesSeconds,
      @ForAll @IntRange(min = 1, max = 2_000) int budget) {
    ManualTimeSource clock = new ManualTimeSource();
    AccessPolicy policy = open()
        .quota(Quota.perTenant(Duration.ofMinutes(1)).maxTokens(budget).build()).build();
    int[] next = {0};
    UsageEndpoint endpoint = new UsageEndpoint(r -> usages.get(next[0]++ % usages.size()));
    ModelClient chat = Mainstay.client("chat").endpoint(endpoint).timeSource(clock).with(policy)
        .build();
    long windowStart = clock.nanoTime();
    long usedInWindow = 0;
    long windowNanos = Duration.ofMinutes(1).toNanos();
    for (int i = 0; i < usages.size(); i++) {
      long now = clock.nanoTime();
      if (now - windowStart >= windowNanos) {
        windowStart += (now - windowStart) / windowNanos * windowNanos;
        usedInWindow = 0;
      }
      long before = usedInWindow;
      int u = usages.get(next[0] % usages.size());
      try {
        chat.call(call("acme"));
        // admitted only with budget left, so at most this call's usage goes over
        assertThat(before).isLessThan(budget);
        usedInWindow += u;
        assertThat(usedInWindow).isLessThan((long) budget + u);
      } catch (ModelException e) {
        assertThat(e.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
        assertThat(before).isGreaterThanOrEqualTo(budget);
      }
      assertThat(policy.tokensUsed(0, "acme", clock)).isEqualTo(usedInWindow);
      clock.advance(Duration.ofSeconds(pausesSeconds.get(i % pausesSeconds.size())));
    }
  }

  @Test
  void concurrentCalls_neverExceedTheQuota_andOverrunTheBudgetByAtMostOneCall() throws Exception {
    // Given a tenant with 500 requests and 5,000 tokens, and 8 threads calling 200 times each;
    // every call uses at most its estimate (its answer limit of 40 tokens)
    int budget = 5_000;
    AccessPolicy policy = open().quota(Quota.perTenant(Duration.ofHours(1)).maxRequests(500)
        .maxTokens(budget).build()).build();
    UsageEndpoint endpoint = new UsageEndpoint(r -> 1 + (r.hashCode() & 31));
    ModelClient chat = client(policy, endpoint, new CopyOnWriteArrayList<>());
    ModelRequest request = call("acme").parameters(Parameters.builder().maxTokens(40).build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 200; i++) {
            try {
              chat.call(request.requestId("r-" + Thread.currentThread().getId() + "-" + i));
              admitted.incrementAndGet();
            } catch (ModelException e) {
              assertThat(e.kind()).isEqualTo(ErrorKind.BUDGET_EXCEEDED);
              refused.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // Then: every call was decided, the model saw only admitted ones, and the totals hold
    assertThat(admitted.get() + refused.get()).isEqualTo(1_600);
    assertThat(endpoint.calls.get()).isEqualTo(admitted.get()).isLessThanOrEqualTo(500);
    assertThat(endpoint.tokens.get()).isEqualTo(policy.tokensUsed(0, "acme", time))
        .isLessThan(budget + 40L);
    assertThat(endpoint.tokens.get() >= budget - 40 || admitted.get() == 500).isTrue();
  }
}
