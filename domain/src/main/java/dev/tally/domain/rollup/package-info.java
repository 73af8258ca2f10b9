/**
 * The rollup: the replace contract (an in-memory reference of what every hourly row must hold),
 * the tick policy (which window a tick processes) and the tick use case with the ports it drives.
 * Uses {@code dev.tally.domain.bucket} and the JDK only.
 */
package dev.tally.domain.rollup;
