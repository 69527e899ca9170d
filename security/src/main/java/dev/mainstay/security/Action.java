package dev.mainstay.security;

/** What a guard does with a scanner's findings. */
public enum Action {
  /** Reject the request (or answer); it goes no further. */
  BLOCK,
  /** Replace the finding's characters with a typed placeholder (or remove them) and go on. */
  REDACT,
  /** Let the text pass unchanged, reporting the finding in an event. */
  FLAG
}
