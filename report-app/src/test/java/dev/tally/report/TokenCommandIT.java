package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code report-app token create|list|revoke} through the real command line, checked against the running API. */
class TokenCommandIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static RunningReportApp app;

    @BeforeAll
    static void aUserAndTheApi() {
        db.sql().update("INSERT INTO \"user\" (email) VALUES ('Grace@Example.com')");
        app = RunningReportApp.start(db.dataSource(), Clock.systemUTC());
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @Test
    void createPrintsTheTokenOnceAloneOnStandardOutputAndStoresOnlyItsHash() {
        CapturedRun created = token("create", "--email", "grace@example.com", "--name", "grafana");

        assertThat(created.exitCode()).as(created.err()).isEqualTo(CommandLines.OK);
        String token = created.out().strip();
        assertThat(token).matches("tly_[A-Za-z0-9_-]{43}");
        assertThat(created.err()).contains("shown only this once");
        assertThat(app.get("/api/me", token).status()).isEqualTo(200);
        assertThat(db.sql().count("SELECT count(*) FROM api_token WHERE token_sha256 = encode(sha256(?::bytea), 'hex')",
                token)).isOne();
        assertThat(db.sql().count("SELECT count(*) FROM api_token WHERE token_sha256 LIKE '%' || ? || '%' OR name = ?",
                token.substring(4, 20), token)).isZero();
    }

    @Test
    void listShowsTheTokensButNeverTheirText() {
        String token = token("create", "--email", "grace@example.com", "--name", "listed").out().strip();

        CapturedRun listed = token("list", "--email", "grace@example.com");

        assertThat(listed.exitCode()).as(listed.err()).isEqualTo(CommandLines.OK);
        assertThat(listed.out()).startsWith("id\tname\tcreated_at\trevoked_at").contains("\tlisted\t").doesNotContain(token);
    }

    @Test
    void revokeByIdOrByTextStopsTheTokenAtOnceAndSayingItTwiceIsHarmless() {
        String byId = token("create", "--email", "grace@example.com").out().strip();
        String byText = token("create", "--email", "grace@example.com").out().strip();
        UUID id = db.sql().single("SELECT id FROM api_token WHERE token_sha256 = encode(sha256(?::bytea), 'hex')",
                UUID.class, byId);

        CapturedRun revokedById = token("revoke", id.toString());
        CapturedRun revokedByText = token("revoke", byText);
        CapturedRun again = token("revoke", id.toString());

        assertThat(revokedById.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(revokedById.out()).contains("revoked token " + id);
        assertThat(revokedByText.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(again.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(again.out()).contains("was already revoked at");
        assertThat(app.get("/api/me", byId).status()).isEqualTo(401);
        assertThat(app.get("/api/me", byText).status()).isEqualTo(401);
    }

    @Test
    void anUnknownUserOrTokenIsAFailureAndAMissingEmailIsBadUsage() {
        CapturedRun unknownUser = token("create", "--email", "nobody@example.com");
        CapturedRun unknownToken = token("revoke", UUID.randomUUID().toString());
        CapturedRun noEmail = token("create");
        CapturedRun overlongName = token("create", "--email", "grace@example.com", "--name", "x".repeat(201));

        assertThat(unknownUser.exitCode()).isEqualTo(CommandLines.FAILURE);
        assertThat(unknownUser.err()).contains("no user has the email address nobody@example.com");
        assertThat(unknownUser.out()).isEmpty();
        assertThat(unknownToken.exitCode()).isEqualTo(CommandLines.FAILURE);
        assertThat(unknownToken.err()).contains("no token has that id or text");
        assertThat(noEmail.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(noEmail.err()).contains("--email");
        assertThat(overlongName.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(overlongName.err()).contains("--name: a token name has at most 200 characters");
    }

    private static CapturedRun token(String... args) {
        return ReportCommand.against(db, "token", args);
    }
}
