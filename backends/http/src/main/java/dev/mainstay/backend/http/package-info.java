/**
 * Shared plumbing of Mainstay's HTTP backends ({@code mainstay-backend-openai}, {@code
 * mainstay-backend-anthropic}): a bounded, cancellable JSON-over-HTTP exchange ({@link
 * dev.mainstay.backend.http.JsonHttpClient}), parsing of the retry headers providers send ({@link
 * dev.mainstay.backend.http.RetryHeaders}), status-to-{@link dev.mainstay.core.ErrorKind} helpers
 * ({@link dev.mainstay.backend.http.HttpErrors}), endpoint-URI parsing ({@link
 * dev.mainstay.backend.http.EndpointUri}) and a secret holder that never prints its value ({@link
 * dev.mainstay.backend.http.Secret}).
 *
 * <p>Types in {@code dev.mainstay.backend.http.internal} are implementation details.
 */
package dev.mainstay.backend.http;
