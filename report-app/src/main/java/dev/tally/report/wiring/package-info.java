/**
 * report-app's composition root: the Dagger component and the modules that build the persistence
 * facade and its ports, the domain's use cases, and the HTTP server with its JSON and metrics.
 * The one place that uses Dagger; it receives the pool as a plain {@code DataSource}.
 */
package dev.tally.report.wiring;
