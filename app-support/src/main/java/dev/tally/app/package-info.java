/**
 * What every Tally command line shares: the database options ({@code --db-url} and friends, with
 * their {@code TALLY_DB_*} variables), the connection pool, ISO-8601 flag parsing and the exit-code
 * rules. Knows nothing of the domain or the schema.
 */
package dev.tally.app;
