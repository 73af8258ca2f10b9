package dev.tally.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CommandLinesTest {

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {

        @Mixin
        DatabaseOptions database;

        @Option(names = "--every")
        Duration every;

        @Option(names = "--fail")
        boolean fail;

        @Override
        public Integer call() {
            database.validate();
            if (fail) {
                throw new IllegalStateException("wrapper", new IllegalArgumentException("the database said no"));
            }
            return CommandLines.OK;
        }
    }

    private final StringWriter err = new StringWriter();

    @Test
    void aGoodCommandExitsZero() {
        assertThat(run("--every", "PT5M", "--db-url", "jdbc:postgresql://127.0.0.1:5432/tally")).isZero();
    }

    @Test
    void aMalformedDurationIsBadUsageNamingTheFlagAndTheAcceptedForm() {
        assertThat(run("--every", "5 minutes")).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(err.toString()).contains("--every").contains("'5 minutes' is not an ISO-8601 duration").contains("PT5M");
    }

    @Test
    void aNonPostgresUrlIsBadUsageSayingWhatIsAccepted() {
        assertThat(run("--db-url", "postgres://localhost/tally")).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(err.toString()).contains("--db-url").contains("jdbc:postgresql://");
    }

    @Test
    void aFailureIsOneLineWithTheInnermostMessageAndNoStackTrace() {
        assertThat(run("--fail", "--db-url", "jdbc:postgresql://127.0.0.1:5432/tally")).isEqualTo(CommandLines.FAILURE);
        assertThat(err.toString()).isEqualToIgnoringNewLines("error: the database said no").doesNotContain("at dev.");
    }

    @Test
    void anUnknownFlagIsBadUsage() {
        assertThat(run("--frobnicate")).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(err.toString()).contains("--frobnicate");
    }

    private int run(String... args) {
        return CommandLines.execute(new Probe(), new PrintWriter(err, true), args);
    }
}
