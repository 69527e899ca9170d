/** Benchmarks: JMH micro-benchmarks and scenario benchmarks. Not published. */
package dev.mainstay.bench;
