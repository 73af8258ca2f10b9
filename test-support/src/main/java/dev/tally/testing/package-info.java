/**
 * Test support, never shipped: a real PostgreSQL for every test class (explicit URL, else
 * Testcontainers, else embedded), built from a template migrated by the real migrations; the
 * platform's writes as intent-named fixtures; and the GROUP BY oracle the rollup is held to.
 */
package dev.tally.testing;
