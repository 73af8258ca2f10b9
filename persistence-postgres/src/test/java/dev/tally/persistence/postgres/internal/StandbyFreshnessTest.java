package dev.tally.persistence.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.report.ReadSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How far behind the primary a standby's snapshot is, from the primary's position and the standby's replay state. */
class StandbyFreshnessTest {

    private static final Instant PRIMARY_ASKED_AT = Instant.parse("2026-11-28T14:00:00Z");
    private static final PrimaryPosition PRIMARY = new PrimaryPosition("0/3000148", PRIMARY_ASKED_AT);

    @Test
    void aStandbyThatHadReplayedThePrimarysPositionIsCurrentToThatMomentHoweverLongAgoItsLastCommitWas() {
        ReplayState idleButCaughtUp = new ReplayState(true, true, false, PRIMARY_ASKED_AT.minus(Duration.ofHours(6)));

        assertThat(StandbyReportTransactions.freshness(idleButCaughtUp, PRIMARY))
                .contains(new ReadSource.Standby(PRIMARY_ASKED_AT, Duration.ZERO));
    }

    @Test
    void aCaughtUpStandbyThatReplayedNewerCommitsIsCurrentToTheNewest() {
        Instant later = PRIMARY_ASKED_AT.plusMillis(40);

        assertThat(StandbyReportTransactions.freshness(new ReplayState(true, true, false, later), PRIMARY))
                .contains(new ReadSource.Standby(later, Duration.ZERO));
    }

    @Test
    void aStandbyBehindIsCurrentToItsLastReplayedCommitAndBehindByTheTimeSince() {
        Instant replayed = PRIMARY_ASKED_AT.minusSeconds(42);

        assertThat(StandbyReportTransactions.freshness(new ReplayState(true, false, false, replayed), PRIMARY))
                .contains(new ReadSource.Standby(replayed, Duration.ofSeconds(42)));
    }

    @Test
    void aStandbyBehindThatHasReplayedNothingSinceItStartedCannotSay() {
        assertThat(StandbyReportTransactions.freshness(new ReplayState(true, false, false, null), PRIMARY))
                .isEqualTo(Optional.empty());
    }
}
