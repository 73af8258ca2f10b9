package dev.tally.domain.rollup;

import java.time.Instant;

/**
 * Records a failed tick in the rollup state. It must commit on its own: the failed tick's
 * transaction has rolled back, and an error recorded inside it would roll back too.
 */
@FunctionalInterface
public interface RollupFailureLog {

    void recordFailure(Instant startedAt, String error);
}
