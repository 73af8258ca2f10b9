/**
 * backfill-app: the command line ({@link dev.tally.backfill.BackfillMain}), its settings, and the job
 * that plans, asks, runs the domain's backfill slice by slice with progress and reports
 * ({@link dev.tally.backfill.BackfillJob}). Uses the domain, the migrations and the app kit; talks to
 * the operator only through {@link dev.tally.backfill.Terminal}; how the pieces are assembled is
 * {@code wiring}'s business.
 */
package dev.tally.backfill;
