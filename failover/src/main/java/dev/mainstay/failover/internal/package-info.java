/** Implementation of {@code dev.mainstay.failover}. Not API: may change in any release. */
package dev.mainstay.failover.internal;
