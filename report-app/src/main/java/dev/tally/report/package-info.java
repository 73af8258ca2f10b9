/**
 * report-app: the command line ({@link dev.tally.report.ReportMain}: the server, {@code --check}, and
 * the token commands) and its settings. The HTTP interface is in {@code http}; how the pieces are
 * assembled is {@code wiring}'s business.
 */
package dev.tally.report;
