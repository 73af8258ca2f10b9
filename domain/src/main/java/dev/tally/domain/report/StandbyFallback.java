package dev.tally.domain.report;

/** Why a report that standbys could have served was read on the primary instead. */
public enum StandbyFallback {

    /** Every standby (that answered) was further behind the primary than the lag limit, or could not say how far. */
    REPLICA_LAG,

    /** A standby could not be reached (down, refusing connections, shutting down). */
    STANDBY_UNAVAILABLE,

    /** The report failed on a standby, for example cancelled by a conflict with recovery. */
    STANDBY_FAILED,

    /** A read URL leads to a server that is not in recovery: not a standby (or one promoted since). */
    NOT_A_STANDBY
}
