package dev.mainstay.testkit.internal;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.testkit.EndpointStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe call counters behind {@link EndpointStats}. */
public final class CallCounters {
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final Map<ErrorKind, AtomicLong> failures = new EnumMap<>(ErrorKind.class);
  private final AtomicLong unexpected = new AtomicLong();
  private final AtomicLong nulls = new AtomicLong();
  private final AtomicLong hung = new AtomicLong();

  /** Creates zeroed counters. */
  public CallCounters() {
    for (ErrorKind k : ErrorKind.values()) {
      failures.put(k, new AtomicLong());
    }
  }

  /** A call body that learns its call number. */
  @FunctionalInterface
  public interface Counted {
    /**
     * Runs the call.
     *
     * @param callNumber the call number, from 1
     * @return the answer, or null
     */
    @Nullable ModelResponse run(long callNumber);
  }

  /**
   * Runs a call, counting it in and then out by how it ended.
   *
   * @param body the call
   * @return what the body returned
   */
  public @Nullable ModelResponse run(Counted body) {
    long n = enter();
    boolean counted = false;
    try {
      ModelResponse r = body.run(n);
      counted = true;
      if (r == null) {
        returnedNull();
      } else {
        succeeded();
      }
      return r;
    } catch (ModelException e) {
      counted = true;
      failed(e.kind());
      throw e;
    } catch (RuntimeException e) {
      counted = true;
      unexpected();
      throw e;
    } finally {
      if (!counted) {
        unexpected(); // an Error: keep the in-flight count right
      }
    }
  }

  /**
   * Counts a call in.
   *
   * @return the call number, from 1
   */
  public long enter() {
    inFlight.incrementAndGet();
    return received.incrementAndGet();
  }

  /** Counts a success out. */
  public void succeeded() {
    succeeded.incrementAndGet();
    inFlight.decrementAndGet();
  }

  /**
   * Counts a failure out.
   *
   * @param kind its kind
   */
  public void failed(ErrorKind kind) {
    requireNonNull(failures.get(kind), "kind").incrementAndGet();
    inFlight.decrementAndGet();
  }

  /** Counts an unexpected exception out. */
  public void unexpected() {
    unexpected.incrementAndGet();
    inFlight.decrementAndGet();
  }

  /** Counts a null result out. */
  public void returnedNull() {
    nulls.incrementAndGet();
    inFlight.decrementAndGet();
  }

  /** Counts a call that starts to hang (it is still counted out by how it ends). */
  public void hung() {
    hung.incrementAndGet();
  }

  /**
   * Calls received so far.
   *
   * @return the count
   */
  public long received() {
    return received.get();
  }

  /**
   * A snapshot.
   *
   * @return the stats
   */
  public EndpointStats snapshot() {
    Map<ErrorKind, Long> f = new EnumMap<>(ErrorKind.class);
    for (ErrorKind k : ErrorKind.values()) {
      f.put(k, requireNonNull(failures.get(k), "kind").get());
    }
    return new EndpointStats(received.get(), inFlight.get(), succeeded.get(), f, unexpected.get(),
        nulls.get(), hung.get());
  }
}
