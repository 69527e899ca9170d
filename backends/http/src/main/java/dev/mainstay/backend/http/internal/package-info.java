/** Implementation details of {@code mainstay-backend-http}; not API. */
package dev.mainstay.backend.http.internal;
