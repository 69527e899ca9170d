/** Implementation of the security guards: scanners, the scan engine, the JSON parser. Not API. */
package dev.mainstay.security.internal;
