/**
 * backfill-app: the command line ({@link dev.tally.backfill.BackfillMain}). Uses the migrations and the app kit;
 * how the pieces are assembled is {@code wiring}'s business.
 */
package dev.tally.backfill;
