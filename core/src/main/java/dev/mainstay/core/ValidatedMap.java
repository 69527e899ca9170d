package dev.mainstay.core;

import static java.util.Objects.requireNonNull;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An unmodifiable, sorted map that a value type has already validated and copied, so copies of that
 * value (a request stamped with a deadline, a response stamped with its endpoint) share it instead of
 * copying and checking it again.
 *
 * @param <V> the value type
 */
final class ValidatedMap<V> extends AbstractMap<String, V> {
  private final Map<String, V> map;

  /**
   * The attribute map of a value: {@code attributes} itself when it is already validated (a copy of
   * a value shares it), {@code Map.of()} when empty, else a sorted copy without null names or
   * values.
   *
   * @param attributes the attributes given to the value
   * @return the map the value keeps
   * @throws NullPointerException if a name or value is null
   */
  static Map<String, String> attributes(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return Map.of();
    }
    if (attributes instanceof ValidatedMap) {
      return attributes;
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      sorted.put(requireNonNull(e.getKey(), "attribute name"), requireNonNull(e.getValue(), "attribute value"));
    }
    return new ValidatedMap<>(sorted);
  }

  /**
   * Wraps a map its caller built and checked and never touches again.
   *
   * @param sorted the map, owned from here on
   */
  ValidatedMap(TreeMap<String, V> sorted) {
    this.map = Collections.unmodifiableSortedMap(sorted);
  }

  @Override
  public Set<Map.Entry<String, V>> entrySet() {
    return map.entrySet();
  }

  @Override
  public @Nullable V get(@Nullable Object key) {
    return map.get(key);
  }

  @Override
  public boolean containsKey(@Nullable Object key) {
    return map.containsKey(key);
  }

  @Override
  public int size() {
    return map.size();
  }
}
