/**
 * rollup-app's composition root: the Dagger component and the modules that build the persistence
 * facade, the ports it hands out, the domain's tick, the service around it and the meters and status
 * monitor behind health and metrics. The one place that uses Dagger; it receives the pool as a plain
 * {@code DataSource}.
 */
package dev.tally.rollup.wiring;
