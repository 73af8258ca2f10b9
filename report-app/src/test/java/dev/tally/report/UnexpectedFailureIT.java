package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.report.http.ReportServer;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A fault of the server's own is a 500 saying only "internal error", and a log line with the details. */
class UnexpectedFailureIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void aBrokenSchemaIsAnInternalErrorForTheCallerAndAStackTraceInTheLog() {
        UUID user = db.sql().single("INSERT INTO \"user\" (email) VALUES ('ada@example.com') RETURNING id", UUID.class);
        UUID workspace = new PostgresUsagePlatform(db.dataSource(), () -> 0).aWorkspace();
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        db.sql().update("ALTER TABLE task_usage_hourly RENAME TO task_usage_hourly_mislaid");
        Logger log = (Logger) LoggerFactory.getLogger(ReportServer.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (RunningReportApp app = RunningReportApp.start(db.dataSource(), Clock.systemUTC())) {
            String token = app.tokenFor("ada@example.com");

            Response response = app.get("/api/workspaces/" + workspace + "/usage/daily", token);

            assertThat(response.status()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"internal error\"}");
            assertThat(logged.list).anySatisfy(event -> {
                assertThat(event.getFormattedMessage()).contains("GET /api/workspaces/" + workspace + "/usage/daily failed");
                assertThat(event.getThrowableProxy()).isNotNull();
            });
            assertThat(app.get("/api/me", token).status()).isEqualTo(200);
        } finally {
            log.detachAppender(logged);
        }
    }
}
