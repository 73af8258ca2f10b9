package dev.tally.persistence.postgres.internal;

import dev.tally.domain.backfill.DayDrift;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** The backfill's statements; SQL in BackfillMapper.xml, the slice itself in db-migrations. */
interface BackfillMapper {

    List<UUID> allWorkspaces();

    List<UUID> existingWorkspaces(@Param("ids") Collection<UUID> ids);

    HistoryRow history();

    List<WorkspaceRowCount> rawRowsByWorkspace(@Param("ids") Collection<UUID> ids, @Param("from") Instant from,
            @Param("to") Instant to);

    Instant startRun(@Param("runKey") String runKey);

    List<SliceRow> completedSlices(@Param("runKey") String runKey);

    Instant openStage(@Param("runKey") String runKey);

    long stage(@Param("runKey") String runKey, @Param("workspaceIds") List<UUID> workspaceIds,
            @Param("from") Instant from, @Param("to") Instant to);

    void closeStage(@Param("runKey") String runKey);

    List<SliceResultRow> runSlices(@Param("runKey") String runKey, @Param("workspaceIds") List<UUID> workspaceIds,
            @Param("from") Instant from, @Param("to") Instant to);

    void finishRun(@Param("runKey") String runKey);

    Instant advanceWatermark(@Param("horizon") Instant horizon);

    List<DayDrift> drift(@Param("from") Instant from, @Param("to") Instant to,
            @Param("workspaceIds") Collection<UUID> workspaceIds);

    long repair(@Param("from") Instant from, @Param("to") Instant to, @Param("workspaceIds") Collection<UUID> workspaceIds);
}
