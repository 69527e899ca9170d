/** Implementation of the Spring Boot starter; not part of the API. */
package dev.mainstay.spring.internal;
