/** Implementation details of {@code mainstay-backend-anthropic}; not API. */
package dev.mainstay.backend.anthropic.internal;
