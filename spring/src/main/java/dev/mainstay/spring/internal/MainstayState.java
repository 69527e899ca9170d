package dev.mainstay.spring.internal;

import dev.mainstay.core.EndpointInfo;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.AttemptFailedEvent;
import dev.mainstay.core.event.AttemptSucceededEvent;
import dev.mainstay.core.event.BreakerStateChangedEvent;
import dev.mainstay.core.event.DriftDetectedEvent;
import dev.mainstay.core.event.EndpointCooledDownEvent;
import dev.mainstay.core.event.EndpointDegradedEvent;
import dev.mainstay.core.event.EndpointEjectedEvent;
import dev.mainstay.core.event.EndpointReadmittedEvent;
import dev.mainstay.core.event.EventListener;
import dev.mainstay.core.event.ModelEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens to every starter-built client and keeps what health and the actuator endpoint show: per
 * endpoint the breaker state, ejection and cooldown, and a window of recent attempt outcomes; and
 * the most recent drift alarms. Thread-safe; each update is a short synchronized block.
 */
public final class MainstayState implements EventListener {
  /** Attempts kept per endpoint for the recent error rate. */
  static final int WINDOW = 100;

  private final TimeSource time;
  private final int maxAlarms;
  private final Map<String, Map<String, EndpointTrack>> clients = new ConcurrentHashMap<>();
  private final Map<String, Duration> breakerOpen = new ConcurrentHashMap<>();
  private final Deque<DriftDetectedEvent> alarms = new ArrayDeque<>();

  /**
   * Creates the state.
   *
   * @param time the clients' time source
   * @param maxAlarms how many drift alarms to keep
   */
  public MainstayState(TimeSource time, int maxAlarms) {
    this.time = time;
    this.maxAlarms = maxAlarms;
  }

  /**
   * Registers a client's endpoints before any traffic.
   *
   * @param client the client name
   * @param endpoints its endpoints
   * @param breakerOpenFor how long its breakers stay open, or null when it has none
   */
  public void register(String client, List<EndpointInfo> endpoints, @Nullable Duration breakerOpenFor) {
    Map<String, EndpointTrack> m = clients.computeIfAbsent(client, k -> new ConcurrentHashMap<>());
    for (EndpointInfo e : endpoints) {
      m.computeIfAbsent(e.id(), id -> new EndpointTrack(id, e.tier(), e.region()));
    }
    if (breakerOpenFor != null) {
      breakerOpen.put(client, breakerOpenFor);
    }
  }

  private EndpointTrack track(String client, String endpoint) {
    return clients.computeIfAbsent(client, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(endpoint, id -> new EndpointTrack(id, 0, ""));
  }

  @Override
  public void onEvent(ModelEvent event) {
    if (event instanceof AttemptSucceededEvent) {
      AttemptSucceededEvent e = (AttemptSucceededEvent) event;
      track(e.client(), e.endpointId()).outcome(false, null, e.at());
    } else if (event instanceof AttemptFailedEvent) {
      AttemptFailedEvent e = (AttemptFailedEvent) event;
      if (e.kind() != ErrorKind.CANCELLED) {
        track(e.client(), e.endpointId()).outcome(true, e.kind(), e.at());
      }
    } else if (event instanceof BreakerStateChangedEvent) {
      BreakerStateChangedEvent e = (BreakerStateChangedEvent) event;
      Duration open = breakerOpen.getOrDefault(e.client(), Duration.ofSeconds(30));
      track(e.client(), e.endpointId()).breaker(e.toState(), e.at().plus(open));
    } else if (event instanceof EndpointEjectedEvent) {
      EndpointEjectedEvent e = (EndpointEjectedEvent) event;
      track(e.client(), e.endpointId()).ejectedUntil(e.at().plus(e.ejection()));
    } else if (event instanceof EndpointReadmittedEvent) {
      EndpointReadmittedEvent e = (EndpointReadmittedEvent) event;
      track(e.client(), e.endpointId()).ejectedUntil(null);
    } else if (event instanceof EndpointCooledDownEvent) {
      EndpointCooledDownEvent e = (EndpointCooledDownEvent) event;
      track(e.client(), e.endpointId()).cooldownUntil(e.at().plus(e.cooldown()));
    } else if (event instanceof EndpointDegradedEvent) {
      EndpointDegradedEvent e = (EndpointDegradedEvent) event;
      track(e.client(), e.endpointId()).degraded(e.reason(), e.until());
    } else if (event instanceof DriftDetectedEvent) {
      synchronized (alarms) {
        if (maxAlarms > 0) {
          if (alarms.size() == maxAlarms) {
            alarms.removeFirst();
          }
          alarms.addLast((DriftDetectedEvent) event);
        }
      }
    }
  }

  /**
   * The endpoints of a client as they stand now.
   *
   * @param client the client name
   * @return the states, by tier then id
   */
  public List<EndpointStatus> endpoints(String client) {
    Map<String, EndpointTrack> m = clients.get(client);
    if (m == null) {
      return List.of();
    }
    Instant now = time.now();
    List<EndpointStatus> out = new ArrayList<>();
    for (EndpointTrack t : m.values()) {
      out.add(t.status(now));
    }
    out.sort((a, b) -> a.tier() != b.tier() ? Integer.compare(a.tier(), b.tier()) : a.id().compareTo(b.id()));
    return out;
  }

  /**
   * The client names seen or registered.
   *
   * @return the names
   */
  public List<String> clientNames() {
    List<String> names = new ArrayList<>(clients.keySet());
    names.sort(null);
    return names;
  }

  /**
   * The most recent drift alarms, oldest first.
   *
   * @return a copy
   */
  public List<DriftDetectedEvent> recentAlarms() {
    synchronized (alarms) {
      return new ArrayList<>(alarms);
    }
  }

  /**
   * One endpoint's state.
   *
   * @param id the endpoint id
   * @param tier its tier
   * @param region its region
   * @param available whether the route may pick it now (breaker not open, not ejected)
   * @param breaker the breaker state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, …)
   * @param errorRate failed share of the recent attempts (cancelled hedges not counted), 0 when none
   * @param recentAttempts how many recent attempts the rate is over (at most 100)
   * @param lastError the kind of the last failure, or null
   * @param ejectedUntil when an ejection ends, or null
   * @param cooldownUntil when a rate-limit cooldown ends, or null
   * @param degradedReason why it is marked degraded (drift), or null
   */
  public record EndpointStatus(
      String id,
      int tier,
      String region,
      boolean available,
      String breaker,
      double errorRate,
      int recentAttempts,
      @Nullable String lastError,
      @Nullable Instant ejectedUntil,
      @Nullable Instant cooldownUntil,
      @Nullable String degradedReason) {

    /**
     * The details shown by health and the actuator endpoint.
     *
     * @return an ordered map without nulls
     */
    public Map<String, Object> details() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("status", available ? "UP" : "DOWN");
      m.put("tier", tier);
      if (!region.isEmpty()) {
        m.put("region", region);
      }
      m.put("breaker", breaker);
      m.put("errorRate", Math.round(errorRate * 1000) / 1000.0);
      m.put("recentAttempts", recentAttempts);
      if (lastError != null) {
        m.put("lastError", lastError);
      }
      if (ejectedUntil != null) {
        m.put("ejectedUntil", ejectedUntil.toString());
      }
      if (cooldownUntil != null) {
        m.put("cooldownUntil", cooldownUntil.toString());
      }
      if (degradedReason != null) {
        m.put("degraded", degradedReason);
      }
      return m;
    }
  }

  /** Mutable per-endpoint tracking, guarded by its own monitor. */
  private static final class EndpointTrack {
    private final String id;
    private final int tier;
    private final String region;
    private final boolean[] failures = new boolean[WINDOW];
    private int count;
    private int next;
    private String breaker = "CLOSED";
    private @Nullable Instant breakerOpenUntil;
    private @Nullable ErrorKind lastError;
    private @Nullable Instant ejectedUntil;
    private @Nullable Instant cooldownUntil;
    private @Nullable String degradedReason;
    private @Nullable Instant degradedUntil;

    EndpointTrack(String id, int tier, String region) {
      this.id = id;
      this.tier = tier;
      this.region = region;
    }

    synchronized void outcome(boolean failed, @Nullable ErrorKind kind, Instant at) {
      failures[next] = failed;
      next = (next + 1) % WINDOW;
      count = Math.min(WINDOW, count + 1);
      if (failed) {
        lastError = kind;
      }
    }

    synchronized void breaker(String state, Instant openUntil) {
      breaker = state;
      breakerOpenUntil = "OPEN".equals(state) ? openUntil : null;
    }

    synchronized void ejectedUntil(@Nullable Instant until) {
      ejectedUntil = until;
    }

    synchronized void cooldownUntil(Instant until) {
      cooldownUntil = until;
    }

    synchronized void degraded(String reason, Instant until) {
      degradedReason = reason;
      degradedUntil = until;
    }

    synchronized EndpointStatus status(Instant now) {
      int failed = 0;
      for (int i = 0; i < count; i++) {
        if (failures[i]) {
          failed++;
        }
      }
      Instant openUntil = breakerOpenUntil;
      // The route moves an open breaker to half-open lazily, on the next permit request after
      // the open wait; from then on the endpoint can answer again (a probe).
      boolean breakerRefuses = ("OPEN".equals(breaker) && openUntil != null && now.isBefore(openUntil))
          || "FORCED_OPEN".equals(breaker);
      Instant ej = ejectedUntil != null && now.isBefore(ejectedUntil) ? ejectedUntil : null;
      Instant cd = cooldownUntil != null && now.isBefore(cooldownUntil) ? cooldownUntil : null;
      String dg = degradedUntil != null && now.isBefore(degradedUntil) ? degradedReason : null;
      String shownBreaker = "OPEN".equals(breaker) && !breakerRefuses ? "OPEN (probe due)" : breaker;
      return new EndpointStatus(id, tier, region, !breakerRefuses && ej == null, shownBreaker,
          count == 0 ? 0.0 : (double) failed / count, count,
          lastError == null ? null : lastError.name(), ej, cd, dg);
    }
  }
}
