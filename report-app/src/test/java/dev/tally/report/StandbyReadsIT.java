package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.migrations.Migrations;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.Sql;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reports read on a real hot standby, when {@code TALLY_TEST_STANDBY_PRIMARY_URL} names a primary
 * and {@code TALLY_TEST_STANDBY_URL} a standby streaming from it (CI starts both; see
 * report-app/README.md). The app reads the standby through a {@link TcpRelay}, so that the test
 * can stop and restart the standby as the app sees it. Every test leaves the standby replaying.
 */
class StandbyReadsIT {

    private static final String PRIMARY_URL = System.getenv("TALLY_TEST_STANDBY_PRIMARY_URL");
    private static final String STANDBY_URL = System.getenv("TALLY_TEST_STANDBY_URL");
    /** Without them every test is skipped, each saying why (a skipped @BeforeAll would report no tests at all). */
    private static final boolean STANDBY_GIVEN = PRIMARY_URL != null && !PRIMARY_URL.isBlank()
            && STANDBY_URL != null && !STANDBY_URL.isBlank();
    private static final String USER = "postgres";
    private static final Duration MAX_LAG = Duration.ofSeconds(1);

    private static String database;
    private static HikariDataSource primary;
    private static HikariDataSource standby;
    private static TcpRelay relay;
    private static RunningReportApp onStandby;
    private static RunningReportApp onPrimary;
    private static SampleUsage usage;
    private static String alice;

    @BeforeAll
    static void aPrimaryWithUsageAndAnAppReadingItsStandby() {
        if (!STANDBY_GIVEN) {
            return;
        }
        database = "tally_standby_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        onServer(PRIMARY_URL, "CREATE DATABASE " + database);
        primary = StandbyPool.to(withDatabase(PRIMARY_URL), USER, "");
        Migrations.of(primary).migrate();
        usage = SampleUsage.writeTo(primary);
        URI standbyAddress = URI.create(STANDBY_URL.substring("jdbc:".length()));
        relay = TcpRelay.to(standbyAddress.getHost(), standbyAddress.getPort());
        standby = StandbyPool.to("jdbc:postgresql://127.0.0.1:" + relay.port() + "/" + database, USER, "");
        onStandby = RunningReportApp.startWithStandbys(primary, new Standbys(List.of(standby)), MAX_LAG);
        onPrimary = RunningReportApp.start(primary, Clock.systemUTC());
        alice = onStandby.tokenFor(SampleUsage.ALICE);
    }

    @BeforeEach
    void aStandbyToTestAgainst() {
        assumeTrue(STANDBY_GIVEN, "TALLY_TEST_STANDBY_PRIMARY_URL and TALLY_TEST_STANDBY_URL are not set: no PostgreSQL "
                + "primary with a streaming hot standby to test against (report-app/README.md shows how CI starts them)");
    }

    @AfterAll
    static void dropTheDatabase() {
        if (database == null) {
            return;
        }
        onStandby.close();
        onPrimary.close();
        standby.close();
        relay.close();
        primary.close();
        onServer(PRIMARY_URL, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void reportsFromTheStandbyEqualThoseFromThePrimaryOnceReplayed() {
        awaitReplay();
        for (String report : reports()) {
            JsonNode fromStandby = ok(onStandby.get(report, alice));
            JsonNode fromPrimary = ok(onPrimary.get(report, alice));

            assertThat(fromStandby.path("served_by").asText()).as(report).isEqualTo("standby");
            assertThat(fromStandby.path("replica_lag_seconds").asDouble()).as(report)
                    .isLessThanOrEqualTo(MAX_LAG.toSeconds());
            assertThat(fromStandby.has("fallback_reason")).as(report).isFalse();
            assertThat(fromStandby.path("rows")).as(report).isNotEmpty().isEqualTo(fromPrimary.path("rows"));
            assertThat(fromStandby.path("rolled_up_through")).as(report).isEqualTo(fromPrimary.path("rolled_up_through"));
            assertThat(Instant.parse(fromStandby.path("generated_at").asText())).as(report)
                    .isBeforeOrEqualTo(Instant.parse(fromPrimary.path("generated_at").asText()));
            assertThat(fromPrimary.path("served_by").asText()).isEqualTo("primary");
            assertThat(fromPrimary.has("replica_lag_seconds") || fromPrimary.has("fallback_reason")).isFalse();
        }
        assertThat(metrics()).contains("tally_report_reads_total{source=\"standby\"}");
    }

    @Test
    void aStandbyPausedPastTheLagLimitLeavesReportsToThePrimaryWhichTheResponseAndMetricsSay() throws Exception {
        String today = "/api/workspaces/" + usage.workspace + "/usage/daily?days=1";
        awaitReplay();
        onServer(STANDBY_URL, "SELECT pg_wal_replay_pause()");
        try {
            Thread.sleep(MAX_LAG.toMillis() + 200);
            aNewTaskWithUsage(Tokens.of(4_242, 42));

            JsonNode report = ok(onStandby.get(today, alice));

            assertThat(report.path("served_by").asText()).isEqualTo("primary");
            assertThat(report.path("fallback_reason").asText()).isEqualTo("replica_lag");
            assertThat(report.path("rows")).isEqualTo(ok(onPrimary.get(today, alice)).path("rows"));
            assertThat(report.path("rows").toString()).as("the usage written after the pause").contains("4242");
            assertThat(metrics()).contains("tally_report_replica_fallbacks_total{reason=\"replica_lag\"}",
                    "tally_report_reads_total{source=\"primary\"}");
        } finally {
            onServer(STANDBY_URL, "SELECT pg_wal_replay_resume()");
        }
        awaitReplay();
        assertThat(awaitServedBy(today, "standby")).as("the standby serves again once it has replayed").isTrue();
        assertThat(ok(onStandby.get(today, alice)).path("rows").toString()).contains("4242");
    }

    @Test
    void aStoppedStandbyLeavesReportsToThePrimaryWhichSaysSoAndServesAgainOnceBack() throws Exception {
        String report = reports().get(0);
        awaitReplay();
        assertThat(ok(onStandby.get(report, alice)).path("served_by").asText()).isEqualTo("standby");

        relay.stop();
        JsonNode whileStopped;
        long started = System.nanoTime();
        try {
            whileStopped = ok(onStandby.get(report, alice));
        } finally {
            relay.restart();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not held up waiting for the standby")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(whileStopped.path("served_by").asText()).isEqualTo("primary");
        assertThat(whileStopped.path("fallback_reason").asText()).isEqualTo("standby_unavailable");
        assertThat(whileStopped.path("rows")).isEqualTo(ok(onPrimary.get(report, alice)).path("rows"));
        assertThat(metrics()).contains("tally_report_replica_fallbacks_total{reason=\"standby_unavailable\"}");
        assertThat(awaitServedBy(report, "standby")).as("the standby serves again once it answers").isTrue();
    }

    @Test
    void writesAndSignInGoToThePrimaryEvenWhileTheStandbyIsBehind() throws Exception {
        awaitReplay();
        onServer(STANDBY_URL, "SELECT pg_wal_replay_pause()");
        try {
            String token = onStandby.tokenFor(SampleUsage.ALICE);
            Response changed = onStandby.patch("/api/me", token, "{\"timezone\": \"Asia/Tokyo\"}");
            JsonNode report = ok(onStandby.get("/api/workspaces/" + usage.workspace + "/usage/daily?days=1", token));

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(new Sql(primary).single("SELECT timezone FROM \"user\" WHERE id = ?", String.class, usage.alice))
                    .isEqualTo("Asia/Tokyo");
            assertThat(new Sql(primary).count("SELECT count(*) FROM api_token WHERE user_id = ?", usage.alice))
                    .isEqualTo(2);
            assertThat(report.path("timezone").asText()).as("the report uses the timezone just stored")
                    .isEqualTo("Asia/Tokyo");
        } finally {
            onServer(STANDBY_URL, "SELECT pg_wal_replay_resume()");
            new Sql(primary).update("UPDATE \"user\" SET timezone = NULL WHERE id = ?", usage.alice);
        }
    }

    /** Every report over the whole sample. */
    private static List<String> reports() {
        String workspace = "/api/workspaces/" + usage.workspace;
        return List.of(
                workspace + "/usage/daily?from=2026-02-01&to=2026-11-30&tz=America/New_York",
                workspace + "/usage/weekly?from=2026-02-01&to=2026-11-30",
                workspace + "/usage/by-agent?from=2026-02-01&to=2026-11-30&tz=Asia/Tokyo",
                workspace + "/usage/by-project?from=2026-02-01&to=2026-11-30",
                workspace + "/usage/by-runtime?from=2026-02-01&to=2026-11-30&tz=America/Los_Angeles",
                "/api/runtimes/" + usage.runtime + "/usage?from=2026-02-01&to=2026-11-30");
    }

    private static void aNewTaskWithUsage(Tokens tokens) {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(primary, () -> 0);
        UUID agent = platform.anAgentIn(usage.workspace, usage.runtime);
        platform.reportUsage(platform.aTask(agent, usage.runtime, null), "openai", "gpt-4o", Instant.now(), tokens);
    }

    /** Until the standby has replayed everything the primary has written so far. */
    private static void awaitReplay() {
        String lsn = new Sql(primary).single("SELECT pg_current_wal_insert_lsn()::text", String.class);
        Sql standbySql = new Sql(standby);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!standbySql.single("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn", Boolean.class, lsn)) {
            assertThat(System.nanoTime()).as("the standby replays within 30 s").isLessThan(deadline);
            sleep(50);
        }
    }

    private static boolean awaitServedBy(String report, String server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (ok(onStandby.get(report, alice)).path("served_by").asText().equals(server)) {
                return true;
            }
            sleep(250);
        }
        return false;
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static String metrics() {
        return onStandby.getWithoutToken("/metrics").body();
    }

    private static String withDatabase(String url) {
        return url.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    private static void onServer(String url, String statement) {
        try (Connection connection = DriverManager.getConnection(url, USER, "");
             Statement sql = connection.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + " on " + url + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
