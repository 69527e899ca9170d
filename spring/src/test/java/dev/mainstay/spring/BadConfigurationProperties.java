package dev.mainstay.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mainstay.spring.internal.MainstayFailureAnalyzer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.core.env.MapPropertySource;

/**
 * Random client names with random invalid values: the context never starts, the failure names the
 * offending key, no unrelated exception (a bug's NullPointerException, ClassCastException, …) is
 * anywhere in the failure, and no secret written into an endpoint URI appears in it.
 */
final class BadConfigurationProperties {

  private static final List<Class<? extends Throwable>> UNRELATED = List.of(
      NullPointerException.class, ClassCastException.class, IndexOutOfBoundsException.class,
      ArithmeticException.class, UnsupportedOperationException.class, ArrayStoreException.class,
      NegativeArraySizeException.class, StackOverflowError.class);

  private static final String ENDPOINT = "simulated:chat?id=a";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MainstayAutoConfiguration.class));

  /**
   * One invalid setting.
   *
   * @param key the key under the client, e.g. route.retries
   * @param value its invalid value
   * @param reported the key the failure must name (usually {@code key})
   * @param context settings that make the key apply (e.g. hedging.mode=fixed for hedging.delay)
   * @param secret a secret inside the value that must not be echoed, or null
   */
  record Bad(String key, String value, String reported, Map<String, String> context, String secret) {
    @Override
    public String toString() {
      return key + "=" + value + (context.isEmpty() ? "" : " with " + context);
    }
  }

  @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
  void invalidValue_failsStartup_namingItsKey_withoutUnrelatedExceptions(
      @ForAll("names") String name, @ForAll("bad") Bad bad) {
    check(name, bad);
  }

  @Property(tries = 60, edgeCases = EdgeCasesMode.NONE)
  void badEndpointUri_failsStartup_namingItsKey_withoutEchoingTheSecret(
      @ForAll("names") String name, @ForAll("badUris") Bad bad) {
    check(name, bad);
  }

  private void check(String name, Bad bad) {
    Map<String, Object> props = new LinkedHashMap<>();
    String prefix = "mainstay.clients[" + name + "].";
    if (!bad.key().startsWith("endpoints[0].uri")) {
      props.put(prefix + "endpoints[0].uri", ENDPOINT);
    }
    bad.context().forEach((k, v) -> props.put(prefix + k, v));
    props.put(prefix + bad.key(), bad.value());

    runner.withInitializer(c -> c.getEnvironment().getPropertySources().addFirst(new MapPropertySource("bad", props)))
        .run(context -> {
          assertThat(context).as("%s: %s", name, bad).hasFailed();
          Throwable failure = context.getStartupFailure();
          List<Throwable> all = causes(failure);
          // Below a ConversionFailedException is the converter's reason for rejecting the text
          // (e.g. ArithmeticException for 9999999999999999TB): Spring's binding failure names the key.
          for (Throwable t : causes(failure, ConversionFailedException.class)) {
            assertThat(UNRELATED).as("%s: unrelated %s", bad, t).noneMatch(k -> k.isInstance(t));
          }
          String dotted = "mainstay.clients." + name + "." + bad.reported();
          String bracketed = "mainstay.clients[" + name + "]." + bad.reported();
          boolean named = false;
          StringBuilder shown = new StringBuilder();
          for (Throwable t : all) {
            if (t instanceof MainstayConfigurationException m) {
              named |= m.key().equals(dotted);
              shown.append(m.getMessage()).append('\n');
              FailureAnalysis a = new MainstayFailureAnalyzer().analyze(failure);
              if (a != null) {
                shown.append(a.getDescription()).append('\n');
              }
            } else if (t instanceof BindException b) {
              String n = b.getName().toString();
              named |= n.equals(dotted) || n.equals(bracketed);
            } else if (t instanceof UnboundConfigurationPropertiesException u) {
              // an element whose only key was empty: Spring lists the key as left unbound
              for (var p : u.getUnboundProperties()) {
                String n = p.getName().toString();
                named |= n.equals(dotted) || n.equals(bracketed);
              }
            }
          }
          assertThat(named).as("%s: no failure names %s in %s", bad, dotted, messages(all)).isTrue();
          if (bad.secret() != null) {
            StringWriter trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString() + shown).as("%s", bad).doesNotContain(bad.secret());
          }
        });
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> simple = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> any = Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        .ofMinLength(1).ofMaxLength(40);
    return Arbitraries.oneOf(simple, any);
  }

  @Provide
  Arbitrary<Bad> badUris() {
    return badUri();
  }

  @Provide
  Arbitrary<Bad> bad() {
    List<Arbitrary<Bad>> cases = new ArrayList<>();
    // client
    cases.add(bad("timeout", nonPositiveDuration()));
    cases.add(bad("timeout", hugeDuration()));
    cases.add(bad("max-concurrent-attempts", nonPositiveInt()));
    cases.add(bad("max-concurrent-attempts", hugeInt()));
    cases.add(bad("attempt-isolation", badEnum()));
    cases.add(bad("reject-empty-answers", garbage()));
    // endpoints
    cases.add(badUri());
    cases.add(bad("endpoints[0].uri", Arbitraries.of("", "   ")));
    cases.add(bad("endpoints[0].id", Arbitraries.of("", "  ")));
    cases.add(bad("endpoints[0].tier", negativeInt()));
    cases.add(bad("endpoints[0].weight", nonPositiveInt()));
    cases.add(bad("endpoints[0].max-context-tokens", nonPositiveInt()));
    cases.add(bad("endpoints[0].timeout", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration())));
    cases.add(bad("endpoints[0].price.input", badNonNegativeDouble()));
    cases.add(bad("endpoints[0].price.output", badNonNegativeDouble()));
    // route
    cases.add(bad("route.strategy", badEnum()));
    cases.add(bad("route.retries", Arbitraries.oneOf(negativeInt(), Arbitraries.integers().between(101, Integer.MAX_VALUE).map(String::valueOf), hugeInt())));
    cases.add(bad("route.local-region", Arbitraries.of(" ", "   ")));
    cases.add(bad("route.backoff.initial", Arbitraries.oneOf(negativeDuration(), hugeDuration())));
    cases.add(bad("route.backoff.max", Arbitraries.oneOf(negativeDuration(), hugeDuration())));
    cases.add(bad("route.backoff.jitter", badEnum()));
    cases.add(bad("route.attempt-timeout", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration())));
    cases.add(bad("route.default-cooldown", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration())));
    cases.add(bad("route.hedging.mode", badEnum()));
    cases.add(bad("route.hedging.delay", nonPositiveDuration(), "route.hedging.mode", "fixed"));
    cases.add(bad("route.hedging.delay", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "route.hedging.mode", "adaptive"));
    cases.add(bad("route.hedging.percentile", badOpenUnit(), "route.hedging.mode", "adaptive"));
    cases.add(bad("route.hedging.max-hedges", Arbitraries.oneOf(nonPositiveInt(), Arbitraries.integers().between(11, 1_000_000).map(String::valueOf)),
        "route.hedging.mode", "fixed", "route.hedging.delay", "100ms"));
    cases.add(bad("route.hedging.budget.ratio", badOpenUnit().filter(v -> !v.equals("1") && !v.equals("1.0")), "route.hedging.mode", "adaptive"));
    cases.add(bad("route.hedging.budget.min-per-window", negativeInt(), "route.hedging.mode", "adaptive"));
    cases.add(bad("route.hedging.budget.window", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "route.hedging.mode", "adaptive"));
    cases.add(bad("route.breaker.failure-rate-threshold",
        Arbitraries.oneOf(Arbitraries.of("0", "-1", "100.5", "NaN", "Infinity", "1e30"), Arbitraries.doubles().between(-1e6, 0).map(String::valueOf))));
    cases.add(bad("route.breaker.sliding-window-size", nonPositiveInt()));
    cases.add(bad("route.breaker.minimum-number-of-calls", nonPositiveInt()));
    cases.add(bad("route.breaker.wait-in-open-state", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration())));
    cases.add(bad("route.breaker.permitted-calls-in-half-open-state", nonPositiveInt()));
    cases.add(bad("route.bulkhead.max-concurrent-calls", nonPositiveInt()));
    cases.add(bad("route.rate-limiter.limit-for-period", nonPositiveInt()));
    cases.add(bad("route.rate-limiter.refresh-period", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "route.rate-limiter.limit-for-period", "10"));
    cases.add(bad("route.outlier-ejection.consecutive-failures", nonPositiveInt()));
    cases.add(bad("route.outlier-ejection.ejection", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration())));
    // limit
    cases.add(bad("limit.rate", nonPositiveInt()));
    cases.add(bad("limit.period", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "limit.rate", "5"));
    cases.add(bad("limit.burst", nonPositiveInt(), "limit.rate", "5"));
    cases.add(bad("limit.max-concurrent", nonPositiveInt()));
    cases.add(bad("limit.mode", badEnum()));
    cases.add(bad("limit.max-wait", Arbitraries.oneOf(negativeDuration(), hugeDuration()), "limit.rate", "5", "limit.mode", "wait"));
    // cache
    cases.add(bad("cache.mode", badEnum()));
    cases.add(bad("cache.max-bytes", Arbitraries.of("0B", "-1MB", "-5", "0", "9999999999999999TB", "lots"), "cache.mode", "exact"));
    cases.add(bad("cache.ttl", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "cache.mode", "exact"));
    cases.add(bad("cache.refresh-after-write", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "cache.mode", "exact"));
    cases.add(bad("cache.stale-if-error", Arbitraries.oneOf(negativeDuration(), hugeDuration()), "cache.mode", "exact"));
    cases.add(bad("cache.scope", badEnum(), "cache.mode", "exact"));
    cases.add(bad("cache.similarity-threshold", badOpenUnit().filter(v -> !v.equals("1") && !v.equals("1.0")), "cache.mode", "semantic"));
    cases.add(bad("cache.embedding-client", Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "no-such-" + s), "cache.mode", "semantic"));
    // guards
    cases.add(bad("guards.input.mode", badEnum()));
    cases.add(bad("guards.input.injection-threshold", badClosedUnit(), "guards.input.mode", "enforce"));
    cases.add(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "zz" + s.toLowerCase(java.util.Locale.ROOT))
        .map(s -> new Bad("guards.input.scanners." + s, "block", "guards.input.scanners." + s, Map.of("guards.input.mode", "enforce"), null)));
    cases.add(bad("guards.input.scanners.pii", badEnum(), "guards.input.mode", "enforce"));
    cases.add(bad("guards.input.ban-list-action", badEnum()));
    cases.add(bad("guards.output.mode", badEnum()));
    cases.add(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "zz" + s.toLowerCase(java.util.Locale.ROOT))
        .map(s -> new Bad("guards.output.scanners." + s, "block", "guards.output.scanners." + s, Map.of("guards.output.mode", "enforce"), null)));
    // drift
    cases.add(bad("drift.signals[0]", Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).map(s -> "no-" + s), "drift.enabled", "true"));
    cases.add(bad("drift.alarm-cool-down", Arbitraries.oneOf(negativeDuration(), hugeDuration()), "drift.enabled", "true"));
    cases.add(bad("drift.degrade.degrade-for", Arbitraries.oneOf(nonPositiveDuration(), hugeDuration()), "drift.enabled", "true", "drift.degrade.enabled", "true"));
    cases.add(bad("drift.degrade.cool-down", Arbitraries.oneOf(negativeDuration(), hugeDuration()), "drift.enabled", "true", "drift.degrade.enabled", "true"));
    // access
    cases.add(bad("access.roles.r[0].max-tokens", nonPositiveInt(), "access.enabled", "true", "access.everyone[0]", "r"));
    cases.add(bad("access.roles.r[0].operations[0]", badEnum(), "access.enabled", "true", "access.everyone[0]", "r"));
    return Arbitraries.oneOf(cases);
  }

  // ---------------------------------------------------------------- values

  private static Arbitrary<Bad> bad(String key, Arbitrary<String> values, String... context) {
    Map<String, String> ctx = new LinkedHashMap<>();
    for (int i = 0; i < context.length; i += 2) {
      ctx.put(context[i], context[i + 1]);
    }
    // an empty value is never the default: Spring would bind it as "unset"
    Arbitrary<String> withEmpty = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of("", "  ")), Tuple.of(6, values));
    return withEmpty.map(v -> new Bad(key, v, key, ctx, null));
  }

  /** Endpoint URIs that cannot open, each carrying a secret that must not be echoed. */
  private static Arbitrary<Bad> badUri() {
    Arbitrary<String> secret = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        .ofMinLength(20).ofMaxLength(40).map(s -> "sk-" + s);
    Arbitrary<String> template = Arbitraries.of(
        "opneai:https://api.example.com/v1?model=m&api-key=%s",
        "openai:https://api.example.com/v1?model=m&api-key=%s",
        "openai:https://api.example.com/v1?model=m&apiKey=%s",
        "openai:https://api.example.com/v1?api-key=%s",
        "openai:https://user:%s@api.example.com/v1?model=m",
        "openai:https://api.example.com/v1?model=m&timeout=%s",
        "openai:https://api.example.com/v1?model=m&tier=%s",
        "openai:https://api.example.com/v1/?model=m&x=%s",
        "openai:ftp://api.example.com/v1?model=m&key=%s",
        "openai:https://api.example.com/v1?model=m&key=%s#frag",
        "simulated:chat?id=a&api-key=%s",
        "simulated:chat?latency=%s",
        "simulated:chat?errorRate=%s",
        "simulated:chat?answer=%s&answer=x",
        "simulated:nonsense?token=%s",
        "simulated:chat?id=%s&ops=dance",
        "https://api.example.com/v1?api-key=%s",
        "api.example.com/v1?api-key=%s",
        "%s",
        "not a uri ?api-key=%s",
        "::::?key=%s",
        "%%zz?key=%s",
        "openai:https://api.example.com/v1?model=m&apiKeyEnv=%s",
        "simulated:chat?id=a&password=%s",
        "openai:https://api.example.com:99999/v1?model=m&key=%s");
    return Combinators.combine(template, secret)
        .as((t, s) -> new Bad("endpoints[0].uri", String.format(t, s), "endpoints[0].uri", Map.of(), s));
  }

  private static Arbitrary<String> negativeInt() {
    return Arbitraries.integers().between(Integer.MIN_VALUE, -1).map(String::valueOf);
  }

  private static Arbitrary<String> nonPositiveInt() {
    return Arbitraries.oneOf(Arbitraries.just("0"), negativeInt(), hugeInt());
  }

  /** Numbers that do not fit an int (Spring's binding fails). */
  private static Arbitrary<String> hugeInt() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(Integer.MAX_VALUE + 1L, Long.MAX_VALUE).map(String::valueOf),
        Arbitraries.of("99999999999999999999999", "-99999999999999999999999", "1e12"));
  }

  private static Arbitrary<String> negativeDuration() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(1, 1_000_000).flatMap(n -> Arbitraries.of("ms", "s", "m", "h", "d").map(u -> "-" + n + u)),
        Arbitraries.of("-PT1S", "PT-0.001S"));
  }

  private static Arbitrary<String> nonPositiveDuration() {
    return Arbitraries.oneOf(negativeDuration(), Arbitraries.of("0", "0s", "0ms", "PT0S", "0ns"), garbage());
  }

  /** Durations that overflow 64-bit nanoseconds, or do not parse at all. */
  private static Arbitrary<String> hugeDuration() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(107_000L, 106_751_991_167_300L).map(n -> n + "d"),
        Arbitraries.of("9223372036854775807s", "99999999999999999999s", "PT9999999999999H"));
  }

  private static Arbitrary<String> badEnum() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz").ofMinLength(3).ofMaxLength(12).map(s -> "x" + s),
        Arbitraries.of("fastest", "sometimes", "maybe", "1", "-"));
  }

  private static Arbitrary<String> garbage() {
    return Arbitraries.of("soon", "later", "five", "1 parsec", "ms", "--", "NaN");
  }

  private static Arbitrary<String> badNonNegativeDouble() {
    return Arbitraries.oneOf(Arbitraries.doubles().between(-1e12, -0.01).map(String::valueOf),
        Arbitraries.of("NaN", "Infinity", "-Infinity", "1e400", "cheap"));
  }

  /** Not in (0, 1). */
  private static Arbitrary<String> badOpenUnit() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e9, 0).map(String::valueOf),
        Arbitraries.doubles().between(1, 1e9).map(String::valueOf),
        Arbitraries.of("0", "1", "NaN", "Infinity", "-Infinity", "high"));
  }

  /** Not in [0, 1]. */
  private static Arbitrary<String> badClosedUnit() {
    return Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e9, -0.01).map(String::valueOf),
        Arbitraries.doubles().between(1.01, 1e9).map(String::valueOf),
        Arbitraries.of("NaN", "Infinity", "-Infinity", "high"));
  }

  // ---------------------------------------------------------------- failures

  private static List<Throwable> causes(Throwable t) {
    return causes(t, null);
  }

  /** The throwable, its causes and suppressed ones; not below an instance of {@code stop}. */
  private static List<Throwable> causes(Throwable t, Class<? extends Throwable> stop) {
    List<Throwable> out = new ArrayList<>();
    ArrayDeque<Throwable> todo = new ArrayDeque<>(List.of(t));
    while (!todo.isEmpty() && out.size() < 100) {
      Throwable c = todo.poll();
      if (out.contains(c)) {
        continue;
      }
      out.add(c);
      if (stop != null && stop.isInstance(c)) {
        continue;
      }
      if (c.getCause() != null) {
        todo.add(c.getCause());
      }
      todo.addAll(List.of(c.getSuppressed()));
    }
    return out;
  }

  private static String messages(List<Throwable> all) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t : all) {
      sb.append("\n  ").append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    return sb.toString();
  }
}
