/**
 * backfill-app's composition root: the Dagger component and its module. The one place that uses Dagger;
 * it receives the pool as a plain {@code DataSource}.
 */
package dev.tally.backfill.wiring;
