/** Detector, statistics and monitor implementations of {@code mainstay-drift}; not API. */
package dev.mainstay.drift.internal;
