/** JMH benchmarks of the {@code OBSERVE} stage (mainstay-observability). */
package dev.mainstay.bench.observability;
