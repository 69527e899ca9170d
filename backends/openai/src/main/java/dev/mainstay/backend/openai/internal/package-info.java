/** Implementation details of {@code mainstay-backend-openai}; not API. */
package dev.mainstay.backend.openai.internal;
