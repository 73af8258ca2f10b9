package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.IsoDurationConverter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How --read-db-url and --max-replica-lag become settings. */
class ReadUrlFlagsTest {

    @Test
    void eachReadUrlFlagIsOneStandbyAndWithoutAnyReportsAreReadOnThePrimary() {
        assertThat(settingsOf("--read-db-url", "jdbc:postgresql://standby1:5432/tally",
                "--read-db-url", "jdbc:postgresql://standby2:5432/tally").readDbUrls())
                .containsExactly("jdbc:postgresql://standby1:5432/tally", "jdbc:postgresql://standby2:5432/tally");
        assertThat(settingsOf().readDbUrls()).isEmpty();
    }

    @Test
    void aUrlThatBalancesOverSeveralHostsIsOneStandbyPool() {
        String balanced = "jdbc:postgresql://s1:5432,s2:5432/tally?targetServerType=secondary&loadBalanceHosts=true";

        assertThat(settingsOf("--read-db-url", balanced).readDbUrls()).containsExactly(balanced);
    }

    @Test
    void theLagLimitDefaultsToTenSeconds() {
        assertThat(settingsOf().maxReplicaLag()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settingsOf("--max-replica-lag", "PT0S").maxReplicaLag()).isZero();
    }

    private static ReportSettings settingsOf(String... args) {
        ReportMain main = new ReportMain();
        new CommandLine(main).registerConverter(Duration.class, new IsoDurationConverter()).parseArgs(args);
        return main.settings();
    }
}
