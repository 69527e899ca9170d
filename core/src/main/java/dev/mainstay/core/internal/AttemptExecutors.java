package dev.mainstay.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared executor attempts and async calls run on when a client names none: one virtual
 * thread per task on Java 21+, a bounded pool of daemon threads on Java 17. The system property
 * {@code mainstay.executor=platform} forces the pool; {@code mainstay.executor.maxThreads} sizes it
 * (default 512).
 */
public final class AttemptExecutors {
  private AttemptExecutors() {}

  private static final class Holder {
    static final ExecutorService SHARED = create();
    static final boolean VIRTUAL = SHARED.getClass().getName().contains("ThreadPerTask");
  }

  /**
   * The shared executor, created on first use.
   *
   * @return the executor
   */
  public static ExecutorService shared() {
    return Holder.SHARED;
  }

  /**
   * Whether the shared executor runs tasks on virtual threads.
   *
   * @return true on Java 21+ unless forced to the pool
   */
  public static boolean virtual() {
    return Holder.VIRTUAL;
  }

  private static ExecutorService create() {
    if (!"platform".equals(System.getProperty("mainstay.executor"))) {
      try {
        Object executor = MethodHandles.publicLookup()
            .findStatic(java.util.concurrent.Executors.class, "newVirtualThreadPerTaskExecutor",
                MethodType.methodType(ExecutorService.class))
            .invoke();
        return (ExecutorService) executor;
      } catch (NoSuchMethodException | IllegalAccessException e) {
        // Java 17: no virtual threads; fall through to the pool.
      } catch (Throwable t) {
        if (t instanceof Error) {
          throw (Error) t;
        }
      }
    }
    int max = Integer.getInteger("mainstay.executor.maxThreads", 512);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(
        Math.min(max, Runtime.getRuntime().availableProcessors()), max, 30, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "mainstay-attempt-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
