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
import dev.mainstay.core.event.AccessDeniedEvent;
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
        return next.call(forwarded);
      }

      @Override
      public String toString() {
        return "AccessPolicy(" + next + ")";
      }
    };
  }

  @Override
  public String toString() {
    return "AccessPolicy[roles=" + roles.keySet() + ", principals=" + principals.size()
        + ", tenants=" + tenants.size() + "]";
  }

  /** Builds an {@link AccessPolicy}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, List<Permission>> roles = new HashMap<>();
    private final Map<String, Set<String>> principals = new HashMap<>();
    private final Map<String, Set<String>> tenants = new HashMap<>();
    private final Set<String> everyone = new LinkedHashSet<>();

    private Builder() {}

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
