/** Benchmarks and the detection evaluation of the security guards. */
package dev.mainstay.bench.security;
