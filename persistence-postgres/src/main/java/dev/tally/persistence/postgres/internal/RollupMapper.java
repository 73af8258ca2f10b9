package dev.tally.persistence.postgres.internal;

import java.time.Instant;
import org.apache.ibatis.annotations.Param;

/** The tick's statements; SQL in RollupMapper.xml, the pipeline itself in db-migrations. */
interface RollupMapper {

    void setStatementTimeout(@Param("millis") long millis);

    boolean tryTickLock();

    ProgressRow readProgress();

    RecomputeRow recompute(@Param("from") Instant from, @Param("to") Instant to);

    void recordSuccess(@Param("startedAt") Instant startedAt, @Param("watermark") Instant watermark,
            @Param("keys") long keys, @Param("rows") long rows);

    void recordFailure(@Param("startedAt") Instant startedAt, @Param("error") String error);
}
