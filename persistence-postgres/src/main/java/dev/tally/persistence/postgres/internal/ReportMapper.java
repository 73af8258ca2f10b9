package dev.tally.persistence.postgres.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** The reports' reads and the membership checks that guard them; SQL in ReportMapper.xml. */
interface ReportMapper {

    /** Must be the transaction's first statement: every later read sees one snapshot. */
    void beginConsistentRead();

    /** Local to the transaction: the pooled connection goes back with its own setting. */
    void setStatementTimeout(@Param("millis") long millis);

    Instant watermark();

    List<ReportDatedRow> daily(ReportQuery query);

    List<ReportDatedRow> weekly(ReportQuery query);

    List<ReportSubjectRow> byAgent(ReportQuery query);

    List<ReportSubjectRow> byProject(ReportQuery query);

    List<ReportSubjectRow> byRuntime(ReportQuery query);

    List<String> timezoneNames();

    boolean isMember(@Param("userId") UUID userId, @Param("workspaceId") UUID workspaceId);

    boolean isMemberOfRuntimeWorkspace(@Param("userId") UUID userId, @Param("runtimeId") UUID runtimeId);
}
