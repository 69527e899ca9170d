package dev.mainstay.core.event;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import java.time.Instant;
import java.util.Objects;

/**
 * An access policy denied a call; it never reached a model. An audit record: who, what and why,
 * never prompt text.
 *
 * @param client the client name
 * @param requestId the call's id
 * @param at when it was denied
 * @param principal the request's principal, or null when it named none
 * @param tenant the request's tenant, or null when it named none
 * @param operation the operation asked for
 * @param model the model alias asked for
 * @param reason a short code for why (for example {@code NO_ROLE}, {@code MODEL}, {@code OPERATION},
 *     {@code CLIENT}, {@code MAX_TOKENS})
 */
public record AccessDeniedEvent(
    String client,
    String requestId,
    Instant at,
    @Nullable String principal,
    @Nullable String tenant,
    Operation operation,
    String model,
    String reason)
    implements ModelEvent {

  /** Validates the components. */
  public AccessDeniedEvent {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(reason, "reason");
  }
}
