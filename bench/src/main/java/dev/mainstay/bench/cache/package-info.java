/**
 * Benchmarks of the response cache: the hit path for a 1 KB prompt against a bare Caffeine lookup
 * and the uncached call, the miss overhead, and the brute-force semantic index scan.
 */
package dev.mainstay.bench.cache;
