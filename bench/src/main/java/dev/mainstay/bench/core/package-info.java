/** JMH benchmarks of the core chain. */
package dev.mainstay.bench.core;
