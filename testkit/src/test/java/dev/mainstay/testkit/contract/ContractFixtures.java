package dev.mainstay.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mainstay.core.Endpoint;
import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.Usage;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Small fakes for the contract tests (they need only core and the manual time source). */
final class ContractFixtures {
  /** Text that must never appear in messages, events or toString() output. */
  static final String PROMPT = "CANARY-prompt-9d41e7-do-not-log";
  static final String ANSWER = "CANARY-answer-c03b88-do-not-log";
  /** The longest real time any test waits for something that should happen at once. */
  static final Duration REAL_WAIT = Duration.ofSeconds(10);
  /** The request attribute that picks the endpoint's behaviour for one call. */
  static final String BEHAVIOUR = "behaviour";

  private ContractFixtures() {}

  /** What the scripted endpoint does on a call. */
  enum Behaviour {
    /** Answers at once. */
    OK,
    /** Blocks until interrupted, then fails the way a well-behaved client library does. */
    HANG,
    /** Blocks until {@link ScriptedEndpoint#release()}, swallowing every interrupt. */
    HANG_IGNORING_INTERRUPTS,
    /** Throws an unchecked exception that is not a ModelException. */
    THROW,
    /** Returns null. */
    RETURN_NULL,
    /** Sleeps on the time source for {@link ScriptedEndpoint#SLOW_BY}, then answers. */
    SLOW,
    /** Fails with RATE_LIMITED and a Retry-After. */
    RATE_LIMITED,
    /**
     * Ignores interrupts, but returns once {@link ScriptedEndpoint#STUBBORN_FOR} has passed on the
     * time source (a stuck call that eventually comes back).
     */
    STUBBORN,
    /** Counts down {@link ScriptedEndpoint#gate}, then waits (real time, bounded) for {@link ScriptedEndpoint#hold}. */
    GATE
  }

  /** An endpoint whose behaviour is scripted per call; counts what happened to it. */
  static final class ScriptedEndpoint implements Endpoint {
    static final Duration SLOW_BY = Duration.ofHours(1);
    static final Duration STUBBORN_FOR = Duration.ofMillis(400);
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile CountDownLatch hold = new CountDownLatch(0);

    private final EndpointInfo info = EndpointInfo.builder("ep").provider("test").model("m-1").build();
    private final TimeSource time;
    private final Behaviour fallback;
    private final CountDownLatch released = new CountDownLatch(1);
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger interrupts = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final Semaphore entered = new Semaphore(0);
    final List<String> threads = new CopyOnWriteArrayList<>();

    ScriptedEndpoint(TimeSource time, Behaviour fallback) {
      this.time = time;
      this.fallback = fallback;
    }

    @Override
    public EndpointInfo info() {
      return info;
    }

    /** Lets every HANG_IGNORING_INTERRUPTS call return. */
    void release() {
      released.countDown();
    }

    /** Waits (real time, bounded) until {@code n} calls have entered the endpoint. */
    void awaitEntered(int n) throws InterruptedException {
      if (!entered.tryAcquire(n, REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        fail("endpoint was not reached " + n + " times within " + REAL_WAIT);
      }
    }

    @Override
    public ModelResponse call(ModelRequest request) {
      calls.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      entered.release();
      String b = request.attributes().get(BEHAVIOUR);
      try {
        return behave(b == null ? fallback : Behaviour.valueOf(b));
      } finally {
        finished.incrementAndGet();
      }
    }

    private ModelResponse behave(Behaviour b) {
      switch (b) {
        case OK:
          return ModelResponse.builder(dev.mainstay.core.Operation.CHAT).text(ANSWER)
              .usage(new Usage(3, 5)).model("m-1").build();
        case HANG:
          try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
          } catch (InterruptedException e) {
            interrupts.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorKind.TRANSIENT, "connection interrupted");
          }
        case HANG_IGNORING_INTERRUPTS:
          while (true) {
            try {
              released.await();
              return ModelResponse.ofText(ANSWER);
            } catch (InterruptedException e) {
              interrupts.incrementAndGet(); // and carries on, like a stuck JNI or socket call
            }
          }
        case THROW:
          throw new IllegalStateException("endpoint bug");
        case RETURN_NULL:
          return null;
        case SLOW:
          try {
            time.sleep(SLOW_BY);
            return ModelResponse.ofText(ANSWER);
          } catch (InterruptedException e) {
            interrupts.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorKind.TRANSIENT, "read interrupted");
          }
        case RATE_LIMITED:
          throw new ModelException(ErrorKind.RATE_LIMITED, "429 too many requests", null, 0,
              Duration.ofSeconds(7), null);
        case STUBBORN:
          long until = time.nanoTime() + STUBBORN_FOR.toNanos();
          while (true) {
            long left = until - time.nanoTime();
            if (left <= 0) {
              return ModelResponse.ofText(ANSWER);
            }
            try {
              time.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
              interrupts.incrementAndGet(); // swallowed
            }
          }
        case GATE:
          gate.countDown();
          try {
            if (!hold.await(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
              throw new ModelException(ErrorKind.TRANSIENT, "gate never opened");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelException(ErrorKind.TRANSIENT, "gate interrupted");
          }
          return ModelResponse.ofText(ANSWER);
        default:
          throw new AssertionError(b);
      }
    }
  }

  /** An executor that knows when none of its tasks is running, so tests can see permits freed. */
  static final class TrackingExecutor extends ThreadPoolExecutor {
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();

    TrackingExecutor() {
      super(0, 1024, 5, TimeUnit.SECONDS, new SynchronousQueue<>());
      setThreadFactory(r -> {
        Thread t = new Thread(r, "contract-" + ids.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }

    @Override
    public void execute(Runnable command) {
      running.incrementAndGet();
      try {
        super.execute(() -> {
          try {
            command.run();
          } finally {
            synchronized (this) {
              running.decrementAndGet();
              notifyAll();
            }
          }
        });
      } catch (RuntimeException e) {
        running.decrementAndGet();
        throw e;
      }
    }

    /** Waits (real time, bounded) until no task is running: every attempt has released its permit. */
    synchronized void awaitIdle() throws InterruptedException {
      long end = System.nanoTime() + REAL_WAIT.toNanos();
      while (running.get() > 0) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          fail("executor still runs " + running.get() + " tasks after " + REAL_WAIT);
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Records every event of a client. */
  static final class Recorder implements EventListener {
    final List<ModelEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(ModelEvent event) {
      events.add(event);
    }

    <T extends ModelEvent> List<T> of(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    List<String> names() {
      return events.stream().map(e -> e.getClass().getSimpleName()).collect(Collectors.toList());
    }
  }

  /** How a test makes its call. */
  enum Mode {
    /** {@code call} on a caller thread of the test's own. */
    CALL,
    /** {@code callAsync}. */
    CALL_ASYNC
  }

  /** Starts one call and returns a future of its outcome; a sync call runs on a new thread. */
  static CompletableFuture<ModelResponse> start(ModelClient client, ModelRequest request, Mode mode) {
    if (mode == Mode.CALL_ASYNC) {
      return client.callAsync(request);
    }
    CompletableFuture<ModelResponse> f = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        f.complete(client.call(request));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    }, "caller");
    t.setDaemon(true);
    t.start();
    return f;
  }

  /** Waits (real time, bounded) for a call that must fail, and returns its ModelException. */
  static ModelException failure(CompletableFuture<ModelResponse> f) throws InterruptedException {
    try {
      ModelResponse r = f.get(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got " + r);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ModelException.class);
      return (ModelException) e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not end within " + REAL_WAIT + " of real time");
    }
  }

  /** Waits (real time, bounded) for a call that must succeed. */
  static ModelResponse success(CompletableFuture<ModelResponse> f) throws Exception {
    try {
      return f.get(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the call did not end within " + REAL_WAIT + " of real time");
    }
  }

  /** Asserts that no rendering of the given objects contains a canary. */
  static void assertNoCanary(Object... shown) {
    for (Object o : shown) {
      String s = o instanceof Throwable ? render((Throwable) o) : String.valueOf(o);
      assertThat(s).doesNotContain(PROMPT).doesNotContain(ANSWER).doesNotContain("9d41e7")
          .doesNotContain("c03b88");
    }
  }

  private static String render(Throwable t) {
    StringBuilder sb = new StringBuilder(t.toString());
    for (Throwable s : t.getSuppressed()) {
      sb.append('\n').append(render(s));
    }
    if (t.getCause() != null && t.getCause() != t) {
      sb.append('\n').append(render(t.getCause()));
    }
    return sb.toString();
  }
}
