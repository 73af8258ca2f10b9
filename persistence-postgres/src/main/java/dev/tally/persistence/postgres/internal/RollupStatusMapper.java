package dev.tally.persistence.postgres.internal;

/** The rollup's status for health checks and metrics; SQL in RollupStatusMapper.xml. */
interface RollupStatusMapper {

    RollupStatusRow read();
}
