/**
 * Backfill and repair: plan the slices (per workspace and UTC time range) that make a range of the
 * rollup equal to the raw data, run them resumably, and say when the watermark may advance. Uses
 * the JDK only.
 */
package dev.tally.domain.backfill;
