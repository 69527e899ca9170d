/**
 * The Mainstay contract: {@link dev.mainstay.core.ModelClient}, requests and responses, typed
 * errors, stages and the client builder, the endpoint SPI, events and the time seam.
 *
 * <p>Every other module builds on these types; this package depends on nothing but the JDK.
 * Types in {@code dev.mainstay.core.internal} are implementation details and not API.
 */
package dev.mainstay.core;
