/**
 * Implementation of {@code dev.mainstay.core}. Not API: may change in any release.
 */
package dev.mainstay.core.internal;
