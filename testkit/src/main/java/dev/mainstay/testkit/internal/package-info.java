/**
 * Implementation of the test kit: latency and score distributions, the fault engine shared by
 * simulated endpoints, fault injectors and fakes, and the {@code simulated:} URI parser. Not a
 * published API.
 */
package dev.mainstay.testkit.internal;
