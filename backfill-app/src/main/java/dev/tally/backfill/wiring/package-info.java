/**
 * backfill-app's composition root: the Dagger component and the modules that build the persistence
 * facade, the backfill's port, the domain's use cases and the job around them. The one place that
 * uses Dagger or knows the PostgreSQL adapter; it receives the pool as a plain {@code DataSource}.
 */
package dev.tally.backfill.wiring;
