/** The runnable demo and the compiled code samples the README and docs quote. */
package dev.mainstay.samples;
