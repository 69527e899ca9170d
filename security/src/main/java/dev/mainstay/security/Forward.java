package dev.mainstay.security;

/** Which text an {@link InputGuard} passes on after scanning. */
public enum Forward {
  /** The text as received, minus redactions (the default). */
  ORIGINAL,
  /** The redacted text in Unicode NFKC form (fullwidth and compatibility forms folded). */
  NORMALIZED
}
