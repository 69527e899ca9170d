/**
 * Test support for Mainstay users and backend authors: simulated endpoints (by URI and by
 * builder), fault injection around any endpoint, a manual time source, scripted fakes, and
 * compatibility kits.
 */
package dev.mainstay.testkit;
