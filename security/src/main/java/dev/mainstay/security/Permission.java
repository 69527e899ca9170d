package dev.mainstay.security;

import static java.util.Objects.requireNonNull;

import dev.mainstay.core.Nullable;
import dev.mainstay.core.Operation;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a role may do: which clients, models and operations, and at most how many answer tokens.
 * {@code "*"} in {@link #clients()} or {@link #models()} means any.
 *
 * @param clients client names the role may call, or {@code "*"}
 * @param models model aliases the role may ask for, or {@code "*"}
 * @param operations operations the role may use
 * @param maxTokens the most answer tokens a request may ask for, or null for no limit
 */
public record Permission(
    Set<String> clients, Set<String> models, Set<Operation> operations, @Nullable Integer maxTokens) {

  /** Validates and copies. */
  public Permission {
    clients = Set.copyOf(requireNonNull(clients, "clients"));
    models = Set.copyOf(requireNonNull(models, "models"));
    operations = Set.copyOf(requireNonNull(operations, "operations"));
    if (clients.isEmpty() || models.isEmpty() || operations.isEmpty()) {
      throw new IllegalArgumentException("a permission needs at least one client, model and operation");
    }
    if (maxTokens != null && maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
  }

  /**
   * Everything: any client, model and operation, no token limit.
   *
   * @return the permission
   */
  public static Permission all() {
    return new Permission(Set.of("*"), Set.of("*"), EnumSet.allOf(Operation.class), null);
  }

  /**
   * A builder (defaults: any client, any model, every operation, no token limit).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  boolean allowsClient(String client) {
    return clients.contains("*") || clients.contains(client);
  }

  boolean allowsModel(String model) {
    return models.contains("*") || models.contains(model);
  }

  /** Builds a {@link Permission}. Each setter may be called once. */
  public static final class Builder {
    private @Nullable Set<String> clients;
    private @Nullable Set<String> models;
    private @Nullable Set<Operation> operations;
    private @Nullable Integer maxTokens;

    private Builder() {}

    /**
     * Client names allowed.
     *
     * @param names names, or "*"
     * @return this builder
     */
    public Builder clients(String... names) {
      if (clients != null) {
        throw new IllegalStateException("clients were already set");
      }
      clients = new LinkedHashSet<>(Set.of(names));
      return this;
    }

    /**
     * Model aliases allowed.
     *
     * @param names aliases, or "*"
     * @return this builder
     */
    public Builder models(String... names) {
      if (models != null) {
        throw new IllegalStateException("models were already set");
      }
      models = new LinkedHashSet<>(Set.of(names));
      return this;
    }

    /**
     * Operations allowed.
     *
     * @param first an operation
     * @param more more operations
     * @return this builder
     */
    public Builder operations(Operation first, Operation... more) {
      if (operations != null) {
        throw new IllegalStateException("operations were already set");
      }
      operations = EnumSet.of(first, more);
      return this;
    }

    /**
     * The most answer tokens a request may ask for; requests without a limit get this one.
     *
     * @param value positive
     * @return this builder
     */
    public Builder maxTokens(int value) {
      if (maxTokens != null) {
        throw new IllegalStateException("maxTokens was already set to " + maxTokens);
      }
      maxTokens = value;
      return this;
    }

    /**
     * Builds.
     *
     * @return the permission
     */
    public Permission build() {
      return new Permission(clients == null ? Set.of("*") : clients,
          models == null ? Set.of("*") : models,
          operations == null ? EnumSet.allOf(Operation.class) : operations, maxTokens);
    }
  }
}
