/**
 * Implementation of the observability module. Not a public API: it may change in any release.
 */
package dev.mainstay.observability.internal;
