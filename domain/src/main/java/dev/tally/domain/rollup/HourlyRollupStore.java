package dev.tally.domain.rollup;

import java.util.Optional;
import java.util.function.Function;

/** The rollup's storage: runs a tick's work atomically, one ticker at a time. */
public interface HourlyRollupStore {

    /**
     * Runs {@code work} in one transaction that holds the cluster-wide tick lock, and commits it.
     * Returns empty, having done nothing, when another ticker holds the lock. If {@code work} throws,
     * the transaction rolls back, the lock is released with it, and the exception propagates.
     */
    <T> Optional<T> underTickLock(Function<TickTransaction, T> work);
}
