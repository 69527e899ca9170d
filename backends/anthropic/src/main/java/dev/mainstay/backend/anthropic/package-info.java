/**
 * The Anthropic backend: the Messages API ({@code POST /v1/messages}) over {@code java.net.http}.
 * Open with {@code Endpoints.open("anthropic:https://api.anthropic.com/v1?model=claude-sonnet-4-5&apiKeyEnv=ANTHROPIC_API_KEY")}
 * or {@link dev.mainstay.backend.anthropic.Anthropic#open(AnthropicConfig)}. Types in {@code
 * dev.mainstay.backend.anthropic.internal} are implementation details.
 */
package dev.mainstay.backend.anthropic;
