package dev.mainstay.core.event;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A per-tenant or per-principal quota refused a call ({@code BUDGET_EXCEEDED}); it never reached a
 * model. An audit record: whose quota, which limit, and when it frees up; never prompt text.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it was refused
 * @param principal the request's principal, or null when it named none
 * @param tenant the request's tenant, or null when it named none
 * @param operation the operation asked for
 * @param model the model alias asked for
 * @param scope whose quota: {@code tenant} or {@code principal}
 * @param reason which limit: for example {@code REQUEST_QUOTA} or {@code TOKEN_BUDGET}
 * @param window the quota's window
 * @param retryAfter how long until the window frees enough for a call (zero when unknown)
 */
public record BudgetExceededEvent(
    String client,
    String requestId,
    Instant at,
    @Nullable String principal,
    @Nullable String tenant,
    Operation operation,
    String model,
    String scope,
    String reason,
    Duration window,
    Duration retryAfter)
    implements ModelEvent {

  /** Validates the components. */
  public BudgetExceededEvent {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (window.isNegative() || retryAfter.isNegative()) {
      throw new IllegalArgumentException("window and retryAfter must not be negative");
    }
  }
}
