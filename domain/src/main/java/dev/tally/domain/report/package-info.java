/**
 * Usage reports in the viewer's timezone: which timezone names are accepted and which one a
 * report uses, the range rule every report shares, the report use cases and the ports they read
 * through ({@link dev.tally.domain.report.UsageReportReader}, {@link dev.tally.domain.report.WorkspaceMemberships},
 * {@link dev.tally.domain.report.UserPreferences}). Uses {@code dev.tally.domain.bucket} and the JDK only.
 */
package dev.tally.domain.report;
