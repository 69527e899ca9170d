package dev.mainstay.testkit.compat;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Deadline;
import dev.mainstay.core.Endpoint;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.testkit.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The contract every endpoint provider must keep, as checks a provider's test runs: it answers, it
 * honours the call's deadline (timed on the deadline's time source), it stops waiting when the
 * caller is interrupted, it maps failures to the right {@link ErrorKind} and attributes them to
 * itself, it never shows a secret or prompt text in messages or {@code toString()}, and it fails
 * cleanly after {@code close()}.
 *
 * <p>A provider's test subclasses the kit and turns {@link #checks()} into tests; with JUnit 5:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> compatibilityKit() {
 *   return new MyProviderKit().checks().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
 *     Assumptions.assumeTrue(c.skipReason() == null, String.valueOf(c.skipReason()));
 *     c.run();
 *   }));
 * }
 * }</pre>
 *
 * The kit needs no test framework: a failed check throws {@link AssertionError}.
 */
public abstract class EndpointCompatibilityKit {

  /** Text the kit's requests should carry; it must never appear in an exception message. */
  public static final String PROMPT_CANARY = "CANARY-PROMPT-5d1f0c";

  /** How long, in real time, the kit waits for a call it expects to end. */
  private static final Duration REAL_BOUND = Duration.ofSeconds(10);

  /**
   * A check.
   *
   * @param name a sentence naming what is checked
   * @param skipReason why the check does not apply to this provider, or null
   * @param body the check; throws {@link AssertionError} on failure
   */
  public record Check(String name, @Nullable String skipReason, Runnable body) {
    /** Validates the components. */
    public Check {
      requireNonNull(name, "name");
      requireNonNull(body, "body");
    }

    /** Runs the check (does nothing when it is skipped). */
    public void run() {
      if (skipReason == null) {
        body.run();
      }
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Creates the kit. */
  protected EndpointCompatibilityKit() {}

  /**
   * A fresh endpoint of the provider that answers {@link #request()} normally. The kit closes it.
   *
   * @return the endpoint
   */
  protected abstract Endpoint healthyEndpoint();

  /**
   * A request of an operation the provider serves. Chat and embedding requests should contain
   * {@link #PROMPT_CANARY} in their text.
   *
   * @return the request
   */
  protected abstract ModelRequest request();

  /**
   * Endpoints scripted to fail, by the kind the failure must map to (for an HTTP provider: a server
   * answering 429, 500, 401, malformed JSON, …). Each supplier gives a fresh endpoint the kit
   * closes. Cover every kind the provider can produce.
   *
   * @return failing endpoints by expected kind
   */
  protected abstract Map<ErrorKind, Supplier<Endpoint>> failingEndpoints();

  /**
   * Secrets the endpoints were configured with; none may appear in any message or {@code
   * toString()}.
   *
   * @return the secrets, possibly empty
   */
  protected List<String> secrets() {
    return List.of();
  }

  /**
   * A fresh endpoint whose answer never comes (a server that holds the request), for the deadline
   * and cancellation checks; null when the provider cannot be made to hang, which skips them.
   *
   * @return the endpoint, or null
   */
  protected @Nullable Endpoint hangingEndpoint() {
    return null;
  }

  /**
   * All checks, in a stable order.
   *
   * @return the checks
   */
  public final List<Check> checks() {
    List<Check> out = new ArrayList<>();
    out.add(new Check("endpoint answers a basic request", null, this::answers));
    String hangSkip = "provider cannot be made to hang; deadline and cancellation checks do not apply";
    boolean canHang;
    try (Endpoint probe = hangingEndpoint()) {
      canHang = probe != null;
    }
    out.add(new Check("endpoint honours the call deadline on its time source", canHang ? null : hangSkip, this::deadline));
    out.add(new Check("endpoint stops waiting when the caller is interrupted", canHang ? null : hangSkip, this::interrupt));
    for (Map.Entry<ErrorKind, Supplier<Endpoint>> e : failingEndpoints().entrySet()) {
      out.add(new Check("failure maps to " + e.getKey() + " without leaking secrets or prompt", null,
          () -> failure(e.getKey(), e.getValue())));
    }
    out.add(new Check("toString and info never show secrets", null, this::noSecretsInToString));
    out.add(new Check("close is idempotent and later calls fail with a ModelException", null, this::closeThenCall));
    return List.copyOf(out);
  }

  private void answers() {
    try (Endpoint e = healthyEndpoint()) {
      ModelRequest req = request();
      ModelResponse r = e.call(req);
      check(r != null, "call returned null");
      check(r.operation() == req.operation(), "response operation " + r.operation() + " != " + req.operation());
      check(r.endpointId().isEmpty() || r.endpointId().equals(e.info().id()),
          "response endpointId '" + r.endpointId() + "' is neither empty nor the endpoint's id");
      check(e.supports(req.operation()), "endpoint answered an operation its info does not list");
      noLeak("response toString", r.toString());
    }
  }

  private void deadline() {
    ManualTimeSource ts = new ManualTimeSource();
    try (Endpoint e = requireNonNull(hangingEndpoint(), "hangingEndpoint")) {
      ModelRequest req = request().withDeadline(Deadline.after(Duration.ofSeconds(2), ts));
      Outcome o = callOnThread(e, req);
      try {
        ts.awaitScheduled(1, REAL_BOUND);
      } catch (Exception ex) {
        throw new AssertionError("endpoint did not schedule its deadline on the request's time source", ex);
      }
      ts.advance(Duration.ofSeconds(2));
      ModelException m = o.awaitFailure("deadline passed");
      check(m.kind() == ErrorKind.TIMEOUT, "expected TIMEOUT at the deadline, got " + m.kind());
      checkAttributed(e, m);
    }
  }

  private void interrupt() {
    ManualTimeSource ts = new ManualTimeSource();
    try (Endpoint e = requireNonNull(hangingEndpoint(), "hangingEndpoint")) {
      ModelRequest req = request().withDeadline(Deadline.after(Duration.ofMinutes(5), ts));
      Outcome o = callOnThread(e, req);
      try {
        ts.awaitScheduled(1, REAL_BOUND);
      } catch (Exception ex) {
        throw new AssertionError("endpoint did not start waiting", ex);
      }
      o.thread.interrupt();
      ModelException m = o.awaitFailure("caller interrupted");
      check(m.kind() == ErrorKind.CANCELLED, "expected CANCELLED after an interrupt, got " + m.kind());
      check(o.interruptedAfter.get(), "endpoint swallowed the interrupt flag");
    }
  }

  private void failure(ErrorKind expected, Supplier<Endpoint> supplier) {
    try (Endpoint e = supplier.get()) {
      ModelException m;
      try {
        ModelResponse r = e.call(request());
        throw new AssertionError("expected " + expected + " but the call answered " + r);
      } catch (ModelException ex) {
        m = ex;
      }
      check(m.kind() == expected, "expected " + expected + ", got " + m.kind() + ": " + m.getMessage());
      checkAttributed(e, m);
      for (Throwable t = m; t != null; t = t.getCause()) {
        noLeak("exception message", t.getMessage());
        noLeak("exception toString", t.toString());
      }
      noLeak("endpoint toString", e.toString());
    }
  }

  private void noSecretsInToString() {
    try (Endpoint e = healthyEndpoint()) {
      noLeak("endpoint toString", e.toString());
      noLeak("endpoint info", e.info().toString());
    }
  }

  private void closeThenCall() {
    Endpoint e = healthyEndpoint();
    e.close();
    e.close();
    try {
      e.call(request());
      // answering after close is allowed for stateless endpoints; failing must be a ModelException
    } catch (ModelException expected) {
      noLeak("exception message", expected.getMessage());
    } catch (RuntimeException other) {
      throw new AssertionError("a call after close threw " + other.getClass().getName() + ", not a ModelException", other);
    }
  }

  private void checkAttributed(Endpoint e, ModelException m) {
    Optional<String> id = m.endpointId();
    check(id.isEmpty() || id.get().equals(e.info().id()),
        "exception names endpoint '" + id.orElse("") + "', not '" + e.info().id() + "'");
  }

  private void noLeak(String where, @Nullable String text) {
    if (text == null) {
      return;
    }
    check(!text.contains(PROMPT_CANARY), where + " contains prompt text");
    for (String s : secrets()) {
      check(!text.contains(s), where + " contains a configured secret");
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError(message);
    }
  }

  private static Outcome callOnThread(Endpoint e, ModelRequest req) {
    Outcome o = new Outcome();
    Thread t = new Thread(() -> {
      try {
        e.call(req);
        o.result.set(new AssertionError("call answered although the server never does"));
      } catch (Throwable ex) {
        o.result.set(ex);
      } finally {
        o.interruptedAfter.set(Thread.currentThread().isInterrupted());
      }
    }, "compat-kit-call");
    t.setDaemon(true);
    o.thread = t;
    t.start();
    return o;
  }

  private static final class Outcome {
    final AtomicReference<@Nullable Throwable> result = new AtomicReference<>();
    final AtomicBoolean interruptedAfter = new AtomicBoolean();
    @SuppressWarnings("NullAway.Init")
    Thread thread;

    ModelException awaitFailure(String what) {
      try {
        thread.join(REAL_BOUND.toMillis());
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", ex);
      }
      if (thread.isAlive()) {
        thread.interrupt();
        throw new AssertionError("call still running " + REAL_BOUND.toSeconds() + " s (real time) after: " + what);
      }
      Throwable t = result.get();
      if (t instanceof ModelException) {
        return (ModelException) t;
      }
      if (t instanceof AssertionError) {
        throw (AssertionError) t;
      }
      throw new AssertionError("call ended with " + (t == null ? "nothing" : t.getClass().getName()) + ", not a ModelException", t);
    }
  }
}
