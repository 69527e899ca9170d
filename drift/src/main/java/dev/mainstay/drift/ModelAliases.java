package dev.mainstay.drift;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.CallDecorator;
import dev.mainstay.core.ClientContext;
import dev.mainstay.core.ModelClient;
import dev.mainstay.core.ModelRequest;
import dev.mainstay.core.ModelResponse;
import dev.mainstay.core.Stage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps logical model aliases (what callers put in {@link ModelRequest#model()}) to concrete model
 * versions, and remembers each alias's earlier versions so it can be rolled back. As a {@link
 * CallDecorator} at {@link Stage#ACCESS} it rewrites the request's model before the guards, the
 * cache and the route see it, so cache entries and drift detectors are per version. Requests for
 * names that are not aliases pass unchanged. Thread-safe.
 *
 * <pre>{@code
 * ModelAliases aliases = ModelAliases.create().promote("fraud", "fraud-v1").promote("fraud", "fraud-v2");
 * aliases.rollback("fraud");   // "fraud" -> "fraud-v1" again
 * }</pre>
 */
public final class ModelAliases implements CallDecorator {
  private final Map<String, Deque<String>> versions = new HashMap<>();

  private ModelAliases() {}

  /**
   * An empty mapping.
   *
   * @return a new mapping
   */
  public static ModelAliases create() {
    return new ModelAliases();
  }

  /**
   * Points an alias at a new version; the version it pointed at becomes its previous one.
   *
   * @param alias the alias callers use
   * @param version the concrete model version
   * @return this mapping
   */
  public synchronized ModelAliases promote(String alias, String version) {
    requireNonNull(alias, "alias");
    requireNonNull(version, "version");
    if (alias.isBlank() || version.isBlank()) {
      throw new IllegalArgumentException("alias and version must not be blank");
    }
    Deque<String> stack = versions.computeIfAbsent(alias, a -> new ArrayDeque<>());
    if (!version.equals(stack.peek())) {
      stack.push(version);
    }
    return this;
  }

  /**
   * The version an alias points at.
   *
   * @param alias the alias
   * @return the version, or empty for an unknown alias
   */
  public synchronized Optional<String> current(String alias) {
    Deque<String> stack = versions.get(requireNonNull(alias, "alias"));
    return stack == null ? Optional.empty() : Optional.ofNullable(stack.peek());
  }

  /**
   * The versions an alias pointed at, newest first (the current one first).
   *
   * @param alias the alias
   * @return the history, empty for an unknown alias
   */
  public synchronized List<String> history(String alias) {
    Deque<String> stack = versions.get(requireNonNull(alias, "alias"));
    return stack == null ? List.of() : List.copyOf(new ArrayList<>(stack));
  }

  /**
   * The alias currently pointing at a version.
   *
   * @param version a concrete version
   * @return the alias, or empty when no alias points at it now
   */
  public synchronized Optional<String> aliasOf(String version) {
    requireNonNull(version, "version");
    for (Map.Entry<String, Deque<String>> e : versions.entrySet()) {
      if (version.equals(e.getValue().peek())) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Switches an alias back to its previous version.
   *
   * @param alias the alias
   * @return the version it points at now, or empty when it has no previous version
   */
  public synchronized Optional<String> rollback(String alias) {
    Deque<String> stack = versions.get(requireNonNull(alias, "alias"));
    if (stack == null || stack.size() < 2) {
      return Optional.empty();
    }
    stack.pop();
    return Optional.ofNullable(stack.peek());
  }

  /**
   * Rolls an alias back only if it still points at the given version (so two alarms on one bad
   * version roll back once).
   *
   * @param alias the alias
   * @param from the version expected to be current
   * @return the version it points at now, or empty when nothing changed
   */
  public synchronized Optional<String> rollbackFrom(String alias, String from) {
    requireNonNull(from, "from");
    if (!current(alias).map(from::equals).orElse(false)) {
      return Optional.empty();
    }
    return rollback(alias);
  }

  /**
   * The concrete model a request for the given name goes to.
   *
   * @param model an alias or a concrete name
   * @return the alias's current version, or the name itself
   */
  public String resolve(String model) {
    return current(model).orElse(model);
  }

  @Override
  public Stage stage() {
    return Stage.ACCESS;
  }

  @Override
  public ModelClient decorate(ModelClient next, ClientContext context) {
    requireNonNull(next, "next");
    return new ModelClient() {
      @Override
      public ModelResponse call(ModelRequest request) {
        String resolved = resolve(request.model());
        return next.call(resolved.equals(request.model()) ? request : request.model(resolved));
      }

      @Override
      public void close() {
        next.close();
      }

      @Override
      public String toString() {
        return "ModelAliases -> " + next;
      }
    };
  }

  @Override
  public synchronized String toString() {
    StringBuilder sb = new StringBuilder("ModelAliases[");
    boolean first = true;
    for (Map.Entry<String, Deque<String>> e : versions.entrySet()) {
      sb.append(first ? "" : ", ").append(e.getKey()).append("->").append(e.getValue().peek());
      first = false;
    }
    return sb.append(']').toString();
  }
}
