package dev.tally.report.http;

import dev.tally.persistence.postgres.TallyPostgres;

/** Test code only, in the HTTP package: it reaches past the use cases to the database. */
@SuppressWarnings("unused")
public final class BreaksTheHttpRule {
    private TallyPostgres database;
}
