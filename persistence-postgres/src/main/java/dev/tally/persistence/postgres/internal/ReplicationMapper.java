package dev.tally.persistence.postgres.internal;

import org.apache.ibatis.annotations.Param;

/** Where the primary's WAL is, and how far a standby has replayed it; SQL in ReplicationMapper.xml. */
interface ReplicationMapper {

    PrimaryPosition primaryPosition();

    ReplayState replayState(@Param("primaryLsn") String primaryLsn);
}
