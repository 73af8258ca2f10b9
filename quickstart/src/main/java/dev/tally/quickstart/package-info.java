/**
 * The quickstart: one command that runs Tally end to end on sample data. A demo, never a
 * dependency of a production app; it may use the embedded PostgreSQL and the sample generator.
 */
package dev.tally.quickstart;
