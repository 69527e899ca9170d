/**
 * Guards for model calls: the {@link dev.mainstay.security.InputGuard} (stage {@code INPUT_GUARD})
 * scans prompts for oversize input, invisible and smuggled Unicode, confusable letters, encoded
 * payloads, prompt-injection patterns, secrets and PII, and blocks, redacts or flags them; the
 * {@link dev.mainstay.security.OutputGuard} (stage {@code OUTPUT_GUARD}) catches leaked secrets, PII,
 * canary tokens and exfiltration links in answers; the {@link dev.mainstay.security.ResponseValidator}
 * fails attempts whose answer is not the JSON the request asked for; the {@link
 * dev.mainstay.security.AccessPolicy} (stage {@code ACCESS}) decides who may call what.
 *
 * <p>Nothing in this package ever puts prompt or answer text into an exception message or event:
 * findings carry scanner names, types, offsets and scores only.
 */
package dev.mainstay.security;
