/**
 * The schema's migrations behind one facade ({@link dev.tally.migrations.Migrations}) and a command
 * line ({@link dev.tally.migrations.MigrationsMain}). Uses Flyway and JDBC only.
 */
package dev.tally.migrations;
