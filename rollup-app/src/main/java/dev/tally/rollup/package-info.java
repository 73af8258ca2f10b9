/**
 * rollup-app: the command line ({@link dev.tally.rollup.RollupMain}) and its pg_cron subcommands,
 * its settings, the service that runs the domain's rollup tick on a schedule, and the health and
 * metrics endpoint that watches it. Uses the domain, the persistence facade, the migrations, the
 * app kit and Micrometer; how the pieces are assembled is {@code wiring}'s business.
 */
package dev.tally.rollup;
