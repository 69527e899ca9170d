package dev.mainstay.cache;

/**
 * Whose answers may be shared: the isolation scope is part of every cache key, so an answer cached
 * in one scope is never served in another.
 *
 * <p>Requests without a tenant all share one "no tenant" scope, distinct from every named tenant
 * (the key encodes the absence, so no tenant name can collide with it). A service that serves
 * several tenants must therefore set {@link dev.mainstay.core.ModelRequest#tenant(String)} on every
 * request; one that does not is treated as a single tenant.
 */
public enum CacheScope {
  /** Answers are shared within a tenant (the default). */
  TENANT,
  /**
   * Answers are shared only within the same tenant and principal; requests without a principal
   * share a "no principal" scope within their tenant.
   */
  TENANT_AND_PRINCIPAL
}
