package dev.mainstay.bench.scenario;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A load scenario: {@code callers} threads call a client in a closed loop (optionally paced) until
 * a call count or a duration is reached. Runs in real time: scenarios measure real behaviour, so
 * they belong in {@code bench/}, never in unit tests.
 *
 * <pre>{@code
 * ScenarioResult r = Scenario.builder("outage")
 *     .client(client)
 *     .requests(i -> ModelRequest.chat("question " + i))
 *     .callers(8)
 *     .calls(20_000)
 *     .build()
 *     .run();
 * System.out.println(r.report());
 * }</pre>
 */
public final class Scenario {
  private final String name;
  private final ModelClient client;
  private final IntFunction<ModelRequest> requests;
  private final int callers;
  private final long calls;
  private final @Nullable Duration duration;
  private final @Nullable Duration pace;

  private Scenario(Builder b) {
    this.name = b.name;
    this.client = requireNonNull(b.client, "client");
    this.requests = requireNonNull(b.requests, "requests");
    this.callers = b.callers;
    this.calls = b.calls;
    this.duration = b.duration;
    this.pace = b.pace;
  }

  /**
   * Starts describing a scenario.
   *
   * @param name the scenario's name, for reports
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Runs the scenario to completion and returns what happened to every call.
   *
   * @return the result
   * @throws InterruptedException if the running thread is interrupted
   */
  public ScenarioResult run() throws InterruptedException {
    AtomicLong next = new AtomicLong();
    long start = System.nanoTime();
    long end = duration == null ? Long.MAX_VALUE : start + duration.toNanos();
    List<Recorder> recorders = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(callers);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < callers; c++) {
      Recorder rec = new Recorder();
      recorders.add(rec);
      Thread t = new Thread(() -> {
        try {
          drive(rec, next, start, end);
        } finally {
          done.countDown();
        }
      }, "scenario-" + name + "-" + c);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
    done.await();
    long wall = System.nanoTime() - start;
    return ScenarioResult.merge(name, callers, wall, recorders);
  }

  private void drive(Recorder rec, AtomicLong next, long start, long end) {
    long nextSend = System.nanoTime();
    while (true) {
      long i = next.getAndIncrement();
      if (i >= calls || System.nanoTime() >= end) {
        return;
      }
      if (pace != null) {
        long wait = nextSend - System.nanoTime();
        if (wait > 0) {
          try {
            TimeUnit.NANOSECONDS.sleep(wait);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        nextSend += pace.toNanos();
      }
      ModelRequest request = requests.apply((int) i);
      long t0 = System.nanoTime();
      byte outcome;
      boolean hedged = false;
      int attempts = 0;
      try {
        ModelResponse r = client.call(request);
        outcome = ScenarioResult.SUCCESS;
        hedged = r.facts().hedged();
        attempts = r.facts().attempts();
      } catch (ModelException e) {
        outcome = (byte) e.kind().ordinal();
      } catch (RuntimeException e) {
        outcome = ScenarioResult.UNTYPED;
      }
      long t1 = System.nanoTime();
      rec.add(t0 - start, t1 - t0, outcome, attempts, hedged);
    }
  }

  /** Describes a {@link Scenario}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private @Nullable ModelClient client;
    private @Nullable IntFunction<ModelRequest> requests;
    private int callers = 4;
    private long calls = Long.MAX_VALUE;
    private @Nullable Duration duration;
    private @Nullable Duration pace;

    private Builder(String name) {
      this.name = requireNonNull(name, "name");
    }

    /**
     * The client under load.
     *
     * @param value the client
     * @return this builder
     */
    public Builder client(ModelClient value) {
      this.client = requireNonNull(value, "client");
      return this;
    }

    /**
     * Makes the i-th request (0-based) of the run.
     *
     * @param value the request factory
     * @return this builder
     */
    public Builder requests(IntFunction<ModelRequest> value) {
      this.requests = requireNonNull(value, "requests");
      return this;
    }

    /**
     * The number of concurrent callers.
     *
     * @param value positive; default 4
     * @return this builder
     */
    public Builder callers(int value) {
      if (value <= 0) {
        throw new IllegalArgumentException("callers must be positive, was " + value);
      }
      this.callers = value;
      return this;
    }

    /**
     * Stops after this many calls in total.
     *
     * @param value positive
     * @return this builder
     */
    public Builder calls(long value) {
      if (value <= 0) {
        throw new IllegalArgumentException("calls must be positive, was " + value);
      }
      this.calls = value;
      return this;
    }

    /**
     * Stops starting calls after this long.
     *
     * @param value positive
     * @return this builder
     */
    public Builder duration(Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("duration must be positive, was " + value);
      }
      this.duration = value;
      return this;
    }

    /**
     * Paces each caller to start at most one call per interval (open-loop-like arrivals, which
     * limits coordinated omission).
     *
     * @param value positive
     * @return this builder
     */
    public Builder pace(Duration value) {
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException("pace must be positive, was " + value);
      }
      this.pace = value;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @return the scenario
     */
    public Scenario build() {
      if (calls == Long.MAX_VALUE && duration == null) {
        throw new IllegalStateException("a scenario needs calls(...) or duration(...)");
      }
      return new Scenario(this);
    }
  }

  /** Per-caller growable record of calls. */
  static final class Recorder {
    long[] starts = new long[1024];
    long[] latencies = new long[1024];
    byte[] outcomes = new byte[1024];
    long attempts;
    long hedged;
    int size;

    void add(long start, long latency, byte outcome, int attemptCount, boolean wasHedged) {
      if (size == starts.length) {
        int n = size * 2;
        starts = java.util.Arrays.copyOf(starts, n);
        latencies = java.util.Arrays.copyOf(latencies, n);
        outcomes = java.util.Arrays.copyOf(outcomes, n);
      }
      starts[size] = start;
      latencies[size] = latency;
      outcomes[size] = outcome;
      attempts += attemptCount;
      if (wasHedged) {
        hedged++;
      }
      size++;
    }
  }

  /**
   * The kind for an outcome code.
   *
   * @param outcome an outcome code
   * @return the kind, or null for success/untyped
   */
  static @Nullable ErrorKind kindOf(byte outcome) {
    return outcome >= 0 ? ErrorKind.values()[outcome] : null;
  }
}
