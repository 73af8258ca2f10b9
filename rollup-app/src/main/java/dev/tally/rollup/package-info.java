/**
 * rollup-app: the command line ({@link dev.tally.rollup.RollupMain}), its settings and the service
 * that runs the domain's rollup tick on a schedule. Uses the domain, the migrations and the app kit;
 * how the pieces are assembled is {@code wiring}'s business.
 */
package dev.tally.rollup;
