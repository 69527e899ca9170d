/**
 * Provider compatibility testing: {@link dev.mainstay.testkit.compat.EndpointCompatibilityKit},
 * the checks every endpoint provider must pass (deadline honoured, cancellation, error kinds, no
 * secrets in messages), and {@link dev.mainstay.testkit.compat.FakeOpenAiServer}, an in-process
 * OpenAI-compatible HTTP server on loopback with simulated latency and faults, for tests and demos.
 *
 * <p>Nothing here needs a test framework on the class path: checks throw {@link AssertionError}.
 */
package dev.mainstay.testkit.compat;
