/**
 * Who is calling: bearer tokens (shown once, stored only as their SHA-256), the use cases that
 * create, list and revoke them, and the one that turns a presented token into a
 * {@link dev.tally.domain.report.Caller}. Uses {@code dev.tally.domain.report} and the JDK only.
 */
package dev.tally.domain.report.access;
