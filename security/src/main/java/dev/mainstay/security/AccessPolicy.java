package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ErrorKind;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelException;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Nullable;
import dev.mainstay.core.Stage;
import dev.mainstay.core.TimeSource;
import dev.mainstay.core.event.AccessDeniedEvent;
import dev.mainstay.core.event.BudgetExceededEvent;
import dev.mainstay.security.internal.QuotaLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link Stage#ACCESS} stage: role-based access control from the request's principal and
 * tenant. A call is allowed when one of the caller's roles has a {@link Permission} for the
 * client, the model alias and the operation; its answer-token limit is the largest limit among
 * those permissions (a request asking for more is denied, a request asking for none gets the
 * limit). Anything else ends with {@link ErrorKind#ACCESS_DENIED} and an {@link AccessDeniedEvent}
 * (who, what and why; never prompt text) before the request reaches a guard, a cache or a model.
 *
 * <p>With {@linkplain Builder#quota(Quota) quotas} it also enforces per-tenant or per-principal
 * request quotas and token budgets over a window: checked before the call (a call over a quota
 * fails at once with {@link ErrorKind#BUDGET_EXCEEDED}), charged from the response's usage after
 * it. Thread-safe; the number of tracked tenants and principals is bounded.
 *
 * <pre>{@code
 * AccessPolicy policy = AccessPolicy.builder()
 *     .role("analyst", Permission.builder().models("gpt-4o-mini").maxTokens(1024).build())
 *     .principal("alice", "analyst")
 *     .tenant("acme", "analyst")
 *     .build();
 * }</pre>
 */
public final class AccessPolicy implements CallDecorator {
  private final Map<String, List<Permission>> roles;
  private final Map<String, Set<String>> principals;
  private final Map<String, Set<String>> tenants;
  private final Set<String> everyone;
  private final List<Quota> quotas;
  private final QuotaLedger ledger;

  private AccessPolicy(Builder b) {
    Map<String, List<Permission>> r = new HashMap<>();
    b.roles.forEach((k, v) -> r.put(k, List.copyOf(v)));
    this.roles = Map.copyOf(r);
    Map<String, Set<String>> p = new HashMap<>();
    b.principals.forEach((k, v) -> p.put(k, Set.copyOf(v)));
    this.principals = Map.copyOf(p);
    Map<String, Set<String>> t = new HashMap<>();
    b.tenants.forEach((k, v) -> t.put(k, Set.copyOf(v)));
    this.tenants = Map.copyOf(t);
    this.everyone = Set.copyOf(b.everyone);
    this.quotas = List.copyOf(b.quotas);
    this.ledger = new QuotaLedger(quotas, b.maxTrackedCallers);
  }

  /**
   * A builder.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Stage stage() {
    return Stage.ACCESS;
  }

  /**
   * Decides a call.
   *
   * @param request the request (its principal, tenant, model, operation, max tokens)
   * @param client the client name
   * @return the decision
   */
  public AccessDecision decide(ModelRequest request, String client) {
    requireNonNull(request, "request");
    requireNonNull(client, "client");
    Set<String> held = new LinkedHashSet<>(everyone);
    if (request.principal() != null) {
      held.addAll(principals.getOrDefault(request.principal(), Set.of()));
    }
    if (request.tenant() != null) {
      held.addAll(tenants.getOrDefault(request.tenant(), Set.of()));
    }
    List<Permission> perms = new ArrayList<>();
    for (String role : held) {
      perms.addAll(roles.getOrDefault(role, List.of()));
    }
    if (perms.isEmpty()) {
      return new AccessDecision(false, "NO_ROLE", null);
    }
    boolean clientOk = false;
    boolean modelOk = false;
    boolean matched = false;
    Integer limit = null;
    boolean unlimited = false;
    for (Permission p : perms) {
      boolean c = p.allowsClient(client);
      boolean m = p.allowsModel(request.model());
      clientOk |= c;
      modelOk |= c && m;
      if (c && m && p.operations().contains(request.operation())) {
        matched = true;
        if (p.maxTokens() == null) {
          unlimited = true;
        } else if (limit == null || p.maxTokens() > limit) {
          limit = p.maxTokens();
        }
      }
    }
    if (!matched) {
      return new AccessDecision(false, !clientOk ? "CLIENT" : !modelOk ? "MODEL" : "OPERATION", null);
    }
    if (unlimited) {
      return new AccessDecision(true, "ALLOWED", null);
    }
    Integer asked = request.parameters().maxTokens();
    if (asked != null && limit != null && asked > limit) {
      return new AccessDecision(false, "MAX_TOKENS", limit);
    }
    return new AccessDecision(true, "ALLOWED", limit);
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    requireNonNull(next, "next");
    requireNonNull(context, "context");
    return new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        AccessDecision d = decide(request, context.clientName());
        if (!d.allowed()) {
          if (context.publishing()) {
            context.publish(new AccessDeniedEvent(context.clientName(),
                request.requestId() == null ? "" : request.requestId(), context.timeSource().now(),
                request.principal(), request.tenant(), request.operation(), request.model(),
                d.reason()));
          }
          throw new ModelException(ErrorKind.ACCESS_DENIED, "access denied: " + d.reason()
              + " (operation " + request.operation() + ")");
        }
        ModelRequest forwarded = request;
        Integer limit = d.maxTokens();
        if (limit != null && request.parameters().maxTokens() == null) {
          forwarded = request.parameters(request.parameters().toBuilder().maxTokens(limit).build());
        }
        if (ledger.isEmpty()) {
          return next.call(forwarded);
        }
        return metered(next, context, forwarded);
      }

      @Override
      public String toString() {
        return "AccessPolicy(" + next + ")";
      }
    };
  }

  /**
   * Checks the quotas before the call and charges the response's usage after it (see {@link
   * Quota}); a call over a quota fails with {@link ErrorKind#BUDGET_EXCEEDED} before it reaches
   * the next stage.
   */
  private ModelResponse metered(ModelClient next, ClientContext context, ModelRequest request) {
    TimeSource time = context.timeSource();
    QuotaLedger.Ticket ticket = ledger.admit(request.tenant(), request.principal(),
        estimate(request), time.nanoTime());
    QuotaLedger.Denial denial = ticket.denial();
    if (denial != null) {
      String scope = denial.quota().scope().name().toLowerCase(java.util.Locale.ROOT);
      Duration retryAfter = Duration.ofNanos(Math.max(0, denial.retryAfterNanos()));
      if (context.publishing()) {
        context.publish(new BudgetExceededEvent(context.clientName(),
            request.requestId() == null ? "" : request.requestId(), context.timeSource().now(),
            request.principal(), request.tenant(), request.operation(), request.model(),
            scope, denial.reason(), denial.quota().window(), retryAfter));
      }
      throw new ModelException(ErrorKind.BUDGET_EXCEEDED, "budget exceeded: " + denial.reason()
          + " (" + scope + " quota, window " + denial.quota().window() + ")", null, 0,
          retryAfter, null);
    }
    ModelResponse response;
    try {
      response = next.call(request);
    } catch (RuntimeException | Error e) {
      ledger.settle(ticket, 0, time.nanoTime());
      throw e;
    }
    long used = response.facts().cached() ? 0 : response.usage().totalTokens();
    ledger.settle(ticket, used, time.nanoTime());
    return response;
  }

  /**
   * A call's token estimate for reservations: about four prompt chars per token plus the answer
   * limit when the request sets one.
   */
  static long estimate(ModelRequest request) {
    long chars = request.inputChars();
    Integer max = request.parameters().maxTokens();
    return (chars + 3) / 4 + (max == null ? 0 : max);
  }

  /**
   * The quotas this policy enforces.
   *
   * @return the quotas, in the order they were added
   */
  public List<Quota> quotas() {
    return quotas;
  }

  /**
   * Tokens charged in the current window of one tenant or principal under one quota, for
   * diagnostics and tests.
   *
   * @param quota the quota's index in {@link #quotas()}
   * @param id the tenant or principal id ({@code ""} for calls that name none)
   * @param time the time source the client uses
   * @return tokens used, 0 when the caller is not tracked
   */
  public long tokensUsed(int quota, String id, TimeSource time) {
    return ledger.tokensUsed(quota, requireNonNull(id, "id"), time.nanoTime());
  }

  /**
   * The number of tenants or principals one quota tracks now (at most the builder's {@code
   * maxTrackedCallers}).
   *
   * @param quota the quota's index in {@link #quotas()}
   * @return tracked callers
   */
  public int trackedCallers(int quota) {
    return ledger.tracked(quota);
  }

  @Override
  public String toString() {
    return "AccessPolicy[roles=" + roles.keySet() + ", principals=" + principals.size()
        + ", tenants=" + tenants.size() + (quotas.isEmpty() ? "" : ", quotas=" + quotas) + "]";
  }

  /** Builds an {@link AccessPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, List<Permission>> roles = new HashMap<>();
    private final Map<String, Set<String>> principals = new HashMap<>();
    private final Map<String, Set<String>> tenants = new HashMap<>();
    private final Set<String> everyone = new LinkedHashSet<>();
    private final List<Quota> quotas = new ArrayList<>();
    private int maxTrackedCallers = 10_000;
    private boolean trackedSet;

    private Builder() {}

    /**
     * Adds a request quota or token budget; every quota that applies to a call must admit it.
     *
     * @param quota the quota
     * @return this builder
     */
    public Builder quota(Quota quota) {
      quotas.add(requireNonNull(quota, "quota"));
      return this;
    }

    /**
     * The most tenants or principals tracked per quota (idle ones are evicted first). Default
     * 10,000.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxTrackedCallers(int value) {
      if (trackedSet) {
        throw new IllegalStateException("maxTrackedCallers was already set to " + maxTrackedCallers);
      }
      if (value < 1) {
        throw new IllegalArgumentException("maxTrackedCallers must be at least 1, was " + value);
      }
      trackedSet = true;
      maxTrackedCallers = value;
      return this;
    }

    /**
     * Grants a role permissions (adds to earlier grants of the same role).
     *
     * @param role the role name
     * @param permissions what it may do
     * @return this builder
     */
    public Builder role(String role, Permission... permissions) {
      requireNonNull(role, "role");
      List<Permission> list = roles.computeIfAbsent(role, k -> new ArrayList<>());
      for (Permission p : permissions) {
        list.add(requireNonNull(p, "permission"));
      }
      return this;
    }

    /**
     * Gives a principal roles.
     *
     * @param principal the principal id
     * @param roleNames role names
     * @return this builder
     */
    public Builder principal(String principal, String... roleNames) {
      requireNonNull(principal, "principal");
      principals.computeIfAbsent(principal, k -> new LinkedHashSet<>()).addAll(List.of(roleNames));
      return this;
    }

    /**
     * Gives every principal of a tenant roles.
     *
     * @param tenant the tenant id
     * @param roleNames role names
     * @return this builder
     */
    public Builder tenant(String tenant, String... roleNames) {
      requireNonNull(tenant, "tenant");
      tenants.computeIfAbsent(tenant, k -> new LinkedHashSet<>()).addAll(List.of(roleNames));
      return this;
    }

    /**
     * Gives every caller roles, including calls with no principal or tenant.
     *
     * @param roleNames role names
     * @return this builder
     */
    public Builder everyone(String... roleNames) {
      everyone.addAll(List.of(roleNames));
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalStateException when a principal, tenant or everyone names an undefined role
     */
    public AccessPolicy build() {
      List<Set<String>> all = new ArrayList<>(principals.values());
      all.addAll(tenants.values());
      all.add(everyone);
      for (Set<String> s : all) {
        for (String r : s) {
          if (!roles.containsKey(r)) {
            throw new IllegalStateException("role '" + r + "' is used but not defined");
          }
        }
      }
      return new AccessPolicy(this);
    }
  }

  /**
   * The roles a request's caller holds, for diagnostics.
   *
   * @param principal a principal id, or null
   * @param tenant a tenant id, or null
   * @return the role names
   */
  public Set<String> rolesOf(@Nullable String principal, @Nullable String tenant) {
    Set<String> held = new LinkedHashSet<>(everyone);
    if (principal != null) {
      held.addAll(principals.getOrDefault(principal, Set.of()));
    }
    if (tenant != null) {
      held.addAll(tenants.getOrDefault(tenant, Set.of()));
    }
    return held;
  }
}
