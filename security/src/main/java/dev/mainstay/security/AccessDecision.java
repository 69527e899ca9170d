package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;

/**
 * What an {@link AccessPolicy} decided about one call.
 *
 * @param allowed whether the call may go on
 * @param reason {@code "ALLOWED"}, or why not: {@code NO_ROLE}, {@code CLIENT}, {@code MODEL},
 *     {@code OPERATION}, {@code MAX_TOKENS}
 * @param maxTokens the answer-token limit the call gets, or null for none
 */
public record AccessDecision(boolean allowed, String reason, @Nullable Integer maxTokens) {
  /** Validates. */
  public AccessDecision {
    requireNonNull(reason, "reason");
  }
}
