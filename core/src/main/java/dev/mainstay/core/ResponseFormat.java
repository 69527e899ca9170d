package dev.mainstay.core;

/** The shape a request asks the model's answer to take. */
public enum ResponseFormat {
  /** Free text (the default). */
  TEXT,
  /** Any valid JSON object. */
  JSON_OBJECT,
  /** JSON that validates against {@link Parameters#jsonSchema()}. */
  JSON_SCHEMA
}
