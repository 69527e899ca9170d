package dev.mainstay.core.internal;

import dev.mainstay.core.ContextPropagator;
import dev.mainstay.core.Nullable;

/**
 * The contexts of a client's {@link ContextPropagator}s captured on a caller's thread, to install
 * around work handed to another thread. A propagator's exception is logged and skips that
 * propagator only: it never reaches the call, so the work's future still completes exactly once.
 */
final class ContextSnapshot {
  private static final System.Logger LOG = System.getLogger("dev.mainstay.context");
  /** Marks a propagator whose capture failed: it is not restored. */
  private static final Object FAILED = new Object();

  private final ContextPropagator[] propagators;
  private final Object[] values;

  private ContextSnapshot(ContextPropagator[] propagators, Object[] values) {
    this.propagators = propagators;
    this.values = values;
  }

  /**
   * Captures the current thread's contexts.
   *
   * @param propagators the client's propagators
   * @return the snapshot, or null when there are no propagators (nothing to do)
   */
  static @Nullable ContextSnapshot capture(ContextPropagator[] propagators) {
    if (propagators.length == 0) {
      return null;
    }
    Object[] values = new Object[propagators.length];
    for (int i = 0; i < propagators.length; i++) {
      try {
        values[i] = propagators[i].capture();
      } catch (RuntimeException e) {
        values[i] = FAILED;
        log("capture", propagators[i], e);
      }
    }
    return new ContextSnapshot(propagators, values);
  }

  /**
   * Installs the captured contexts on the current thread, in order.
   *
   * @return the scope that restores the thread's previous contexts, in reverse order
   */
  ContextPropagator.Scope restore() {
    ContextPropagator.Scope[] scopes = new ContextPropagator.Scope[propagators.length];
    int i = 0;
    try {
      for (; i < propagators.length; i++) {
        if (values[i] == FAILED) {
          continue;
        }
        try {
          scopes[i] = propagators[i].restore(values[i]);
        } catch (RuntimeException e) {
          log("restore", propagators[i], e);
        }
      }
    } catch (Error e) {
      close(scopes); // never leave a pooled thread with part of a caller's context
      throw e;
    }
    return () -> close(scopes);
  }

  private void close(ContextPropagator.Scope[] scopes) {
    for (int i = scopes.length - 1; i >= 0; i--) {
      ContextPropagator.Scope s = scopes[i];
      if (s != null) {
        scopes[i] = null; // closed once, even if close is called again
        try {
          s.close();
        } catch (RuntimeException e) {
          log("scope close", propagators[i], e);
        }
      }
    }
  }

  private static void log(String what, ContextPropagator p, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, "context propagator " + p.getClass().getName() + " failed in "
        + what + "; its context is not carried", e);
  }
}
