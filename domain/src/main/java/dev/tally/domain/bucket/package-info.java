/**
 * The rollup's key and values: the UTC hour a usage event falls in, the seven-column key of an
 * hourly row and the totals it holds. Depends on nothing but the JDK.
 */
package dev.tally.domain.bucket;
