/**
 * The PostgreSQL adapters behind one public facade, {@link dev.tally.persistence.postgres.TallyPostgres},
 * built from a {@code DataSource} the app owns. Everything MyBatis stays in {@code internal}.
 */
package dev.tally.persistence.postgres;
