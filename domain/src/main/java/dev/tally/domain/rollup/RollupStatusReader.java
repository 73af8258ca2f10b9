package dev.tally.domain.rollup;

/** Reads how the rollup stands, for health checks and metrics; never takes the tick lock. */
@FunctionalInterface
public interface RollupStatusReader {

    RollupStatus read();
}
