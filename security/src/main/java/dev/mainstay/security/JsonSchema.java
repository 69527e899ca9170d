package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.security.internal.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validator for a subset of JSON Schema (draft 2020-12 keywords), written for checking model
 * answers without a dependency. Supported: {@code type} (a name or a list of names: object,
 * array, string, number, integer, boolean, null), {@code enum}, {@code const}, {@code properties},
 * {@code required}, {@code additionalProperties} (boolean or schema), {@code items} (one schema),
 * {@code minItems}, {@code maxItems}, {@code minLength}, {@code maxLength} (in code points),
 * {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum} (numbers),
 * {@code minProperties}, {@code maxProperties}. Other keywords ({@code $ref}, {@code pattern},
 * {@code anyOf}, {@code format}, …) are ignored, so a schema using them validates less, never
 * more, strictly.
 *
 * <p>Error messages name a JSON path and a rule ({@code $.items[2].price: below minimum}), never
 * a value, so they are safe to log. Immutable and thread-safe.
 */
public final class JsonSchema {
  private final Map<String, Object> schema;

  private JsonSchema(Map<String, Object> schema) {
    this.schema = schema;
  }

  /**
   * Parses a schema document.
   *
   * @param schemaJson the schema
   * @return the validator
   * @throws IllegalArgumentException when the schema is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static JsonSchema parse(String schemaJson) {
    requireNonNull(schemaJson, "schemaJson");
    Object v;
    try {
      v = Json.parse(schemaJson);
    } catch (Json.ParseException e) {
      throw new IllegalArgumentException("schema is not valid JSON: " + e.getMessage(), e);
    }
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("schema must be a JSON object");
    }
    return new JsonSchema((Map<String, Object>) v);
  }

  /**
   * Validates a JSON document.
   *
   * @param json the document
   * @return the errors, empty when valid (at most 20)
   */
  public List<String> validate(String json) {
    requireNonNull(json, "json");
    List<String> errors = new ArrayList<>();
    Object v;
    try {
      v = Json.parse(json);
    } catch (Json.ParseException e) {
      errors.add("$: not valid JSON (" + e.getMessage() + ")");
      return errors;
    }
    check(schema, v, "$", errors);
    return errors;
  }

  /**
   * Whether a text is one valid JSON value.
   *
   * @param json the text
   * @return true when it parses
   */
  public static boolean isJson(String json) {
    try {
      Json.parse(json);
      return true;
    } catch (Json.ParseException e) {
      return false;
    }
  }

  /**
   * Whether a text is a JSON object.
   *
   * @param json the text
   * @return true when it parses to an object
   */
  public static boolean isJsonObject(String json) {
    try {
      return Json.parse(json) instanceof Map;
    } catch (Json.ParseException e) {
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private static void check(Object s, Object v, String path, List<String> errors) {
    if (errors.size() >= 20) {
      return;
    }
    if (s instanceof Boolean) {
      if (!(Boolean) s) {
        errors.add(path + ": not allowed");
      }
      return;
    }
    if (!(s instanceof Map)) {
      return;
    }
    Map<String, Object> sch = (Map<String, Object>) s;
    Object type = sch.get("type");
    if (type != null && !typeMatches(type, v)) {
      errors.add(path + ": expected " + (type instanceof List ? "one of " + type : type));
      return;
    }
    Object en = sch.get("enum");
    if (en instanceof List && !contains((List<Object>) en, v)) {
      errors.add(path + ": not one of the allowed values");
    }
    if (sch.containsKey("const") && !same(sch.get("const"), v)) {
      errors.add(path + ": not the constant value");
    }
    if (v instanceof Map) {
      Map<String, Object> obj = (Map<String, Object>) v;
      Object req = sch.get("required");
      if (req instanceof List) {
        for (Object r : (List<Object>) req) {
          if (r instanceof String && !obj.containsKey(r)) {
            errors.add(path + ": missing required property '" + safeName((String) r) + "'");
          }
        }
      }
      Object props = sch.get("properties");
      Map<String, Object> p = props instanceof Map ? (Map<String, Object>) props : Map.of();
      Object additional = sch.get("additionalProperties");
      for (Map.Entry<String, Object> e : obj.entrySet()) {
        String child = path + "." + safeName(e.getKey());
        if (p.containsKey(e.getKey())) {
          check(p.get(e.getKey()), e.getValue(), child, errors);
        } else if (additional != null) {
          check(additional, e.getValue(), child, errors);
        }
      }
      bound(sch, "minProperties", obj.size(), true, path, "too few properties", errors);
      bound(sch, "maxProperties", obj.size(), false, path, "too many properties", errors);
    } else if (v instanceof List) {
      List<Object> arr = (List<Object>) v;
      Object items = sch.get("items");
      if (items != null) {
        for (int k = 0; k < arr.size(); k++) {
          check(items, arr.get(k), path + "[" + k + "]", errors);
        }
      }
      bound(sch, "minItems", arr.size(), true, path, "too few items", errors);
      bound(sch, "maxItems", arr.size(), false, path, "too many items", errors);
    } else if (v instanceof String) {
      String str = (String) v;
      int len = str.codePointCount(0, str.length());
      bound(sch, "minLength", len, true, path, "too short", errors);
      bound(sch, "maxLength", len, false, path, "too long", errors);
    } else if (v instanceof BigDecimal) {
      BigDecimal n = (BigDecimal) v;
      num(sch, "minimum", n, c -> c < 0, path, "below minimum", errors);
      num(sch, "maximum", n, c -> c > 0, path, "above maximum", errors);
      num(sch, "exclusiveMinimum", n, c -> c <= 0, path, "not above exclusiveMinimum", errors);
      num(sch, "exclusiveMaximum", n, c -> c >= 0, path, "not below exclusiveMaximum", errors);
    }
  }

  /** Property names are schema-defined or model-made: show them only when short and plain. */
  private static String safeName(String name) {
    if (name.length() <= 40 && name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
        || c == '_' || c == '-'))) {
      return name;
    }
    return "<" + name.length() + " chars>";
  }

  private static void bound(Map<String, Object> sch, String key, int actual, boolean min,
      String path, String what, List<String> errors) {
    Object b = sch.get(key);
    if (b instanceof BigDecimal) {
      int cmp = BigDecimal.valueOf(actual).compareTo((BigDecimal) b);
      if (min ? cmp < 0 : cmp > 0) {
        errors.add(path + ": " + what);
      }
    }
  }

  private static void num(Map<String, Object> sch, String key, BigDecimal n,
      java.util.function.IntPredicate bad, String path, String what, List<String> errors) {
    Object b = sch.get(key);
    if (b instanceof BigDecimal && bad.test(n.compareTo((BigDecimal) b))) {
      errors.add(path + ": " + what);
    }
  }

  private static boolean typeMatches(Object type, Object v) {
    if (type instanceof List) {
      for (Object t : (List<?>) type) {
        if (typeMatches(t, v)) {
          return true;
        }
      }
      return false;
    }
    if (!(type instanceof String)) {
      return true;
    }
    switch ((String) type) {
      case "object":
        return v instanceof Map;
      case "array":
        return v instanceof List;
      case "string":
        return v instanceof String;
      case "number":
        return v instanceof BigDecimal;
      case "integer":
        if (!(v instanceof BigDecimal)) {
          return false;
        }
        BigDecimal d = (BigDecimal) v;
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
      case "boolean":
        return v instanceof Boolean;
      case "null":
        return v == Json.NULL;
      default:
        return true;
    }
  }

  private static boolean contains(List<Object> values, Object v) {
    for (Object e : values) {
      if (same(e, v)) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal && b instanceof BigDecimal) {
      return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
    }
    return a.equals(b);
  }
}
