package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.ReadSource;
import dev.tally.domain.report.StandbyFallback;
import dev.tally.domain.report.UsageSnapshot;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports read on hot standbys, taking turns, when one is no further than {@code maxLag} behind the
 * primary; on the primary otherwise, saying why. Never a standby's error instead of a report.
 *
 * <p>How far behind: before each report the primary's WAL insert position is read (one trivial
 * statement on the primary), then the standby is asked whether it has replayed up to it. If it
 * has, it holds everything the primary had committed when asked: lag zero, current to that moment.
 * If not, it is current to the commit time of the last transaction it replayed, and behind by the
 * time from then to the primary's moment. A standby that cannot say (nothing replayed since it
 * started, and behind) counts as too far behind. Both instants are the primary's clock, so clock
 * skew between servers does not enter. The report's snapshot is taken after the check, so it is
 * at least as current as the check says.
 *
 * <p>A standby that is behind but replaying is asked again for up to {@link #CATCH_UP_WAIT}: the
 * primary writes WAL without committing anything (page pruning on reads, vacuum, checkpoints),
 * which a standby replays within milliseconds, and a quiet primary's last commit may be long ago.
 * Without the wait, such a standby would look as far behind as that last commit.
 */
public final class StandbyReportTransactions implements ReportTransactions {

    private static final Logger LOG = LoggerFactory.getLogger(StandbyReportTransactions.class);
    /**
     * After a standby could not be reached, how long reports go elsewhere before trying it again,
     * rather than each waiting for its pool's connection timeout.
     */
    private static final Duration UNREACHABLE_PAUSE = Duration.ofSeconds(5);
    private static final Duration CATCH_UP_WAIT = Duration.ofMillis(100);
    private static final long CATCH_UP_POLL_MILLIS = 5;

    private final MyBatisSessions sessions;
    private final PrimaryReportTransactions primary;
    private final List<Standby> standbys;
    private final Duration maxLag;
    private final Duration timeout;
    private final AtomicInteger turn = new AtomicInteger();

    public StandbyReportTransactions(MyBatisSessions sessions, List<DataSource> standbys, Duration maxLag,
                                     Duration timeout) {
        if (standbys.isEmpty()) {
            throw new IllegalArgumentException("no standby to read from");
        }
        if (maxLag.isNegative()) {
            throw new IllegalArgumentException("maxLag must not be negative: " + maxLag);
        }
        this.sessions = sessions;
        this.primary = new PrimaryReportTransactions(sessions, timeout);
        this.standbys = IntStream.range(0, standbys.size())
                .mapToObj(i -> new Standby("standby " + (i + 1) + " (" + standbys.get(i) + ")", standbys.get(i)))
                .toList();
        this.maxLag = maxLag;
        this.timeout = timeout;
    }

    @Override
    public <R> UsageSnapshot<R> read(Function<ReportMapper, List<R>> rows) {
        PrimaryPosition position = sessions.inTransaction(
                session -> session.getMapper(ReplicationMapper.class).primaryPosition());
        int first = Math.floorMod(turn.getAndIncrement(), standbys.size());
        StandbyFallback fallback = null;
        for (int i = 0; i < standbys.size(); i++) {
            Standby standby = standbys.get((first + i) % standbys.size());
            try {
                return standby.read(position, rows);
            } catch (Refused refused) {
                fallback = refused.reason;
            }
        }
        return primary.read(rows).readOn(new ReadSource.Primary(Optional.of(fallback)));
    }

    /** One standby: its pool, and until when it is left alone after it could not be reached. */
    private final class Standby {

        private final String name;
        private final DataSource dataSource;
        private volatile long pausedUntilNanos = System.nanoTime();
        /** Said once, not on every report, until it is a standby again. */
        private volatile boolean saidItIsNotAStandby;

        Standby(String name, DataSource dataSource) {
            this.name = name;
            this.dataSource = dataSource;
        }

        <R> UsageSnapshot<R> read(PrimaryPosition position, Function<ReportMapper, List<R>> rows) {
            if (System.nanoTime() - pausedUntilNanos < 0) {
                throw new Refused(StandbyFallback.STANDBY_UNAVAILABLE);
            }
            try {
                return sessions.inTransactionOn(dataSource, session -> readInSnapshot(session, position, rows));
            } catch (Refused refused) {
                throw refused;
            } catch (RuntimeException e) {
                if (unreachable(e)) {
                    pausedUntilNanos = System.nanoTime() + UNREACHABLE_PAUSE.toNanos();
                    LOG.warn("{} cannot be reached; reports go to the other standbys or the primary for {} s: {}",
                            name, UNREACHABLE_PAUSE.toSeconds(), e.getMessage());
                    throw new Refused(StandbyFallback.STANDBY_UNAVAILABLE);
                }
                LOG.warn("a report failed on {}; read on the next standby or the primary instead", name, e);
                throw new Refused(StandbyFallback.STANDBY_FAILED);
            }
        }

        private <R> UsageSnapshot<R> readInSnapshot(SqlSession session, PrimaryPosition position,
                                                    Function<ReportMapper, List<R>> rows) {
            ReadSource.Standby source = currentEnough(session.getMapper(ReplicationMapper.class), position);
            session.commit(true);
            ReportMapper mapper = session.getMapper(ReportMapper.class);
            mapper.beginConsistentRead();
            return ReportTransactions.readRows(mapper, timeout, rows, source);
        }

        private ReadSource.Standby currentEnough(ReplicationMapper replication, PrimaryPosition position) {
            long deadline = System.nanoTime() + CATCH_UP_WAIT.toNanos();
            while (true) {
                ReplayState state = replication.replayState(position.lsn());
                if (!state.inRecovery()) {
                    if (!saidItIsNotAStandby) {
                        LOG.warn("{} is not in recovery: not a standby (or promoted since); reports go elsewhere", name);
                        saidItIsNotAStandby = true;
                    }
                    throw new Refused(StandbyFallback.NOT_A_STANDBY);
                }
                saidItIsNotAStandby = false;
                Optional<ReadSource.Standby> fresh = freshness(state, position)
                        .filter(standby -> standby.lag().compareTo(maxLag) <= 0);
                if (fresh.isPresent()) {
                    return fresh.get();
                }
                if (state.paused() || System.nanoTime() - deadline >= 0) {
                    throw new Refused(StandbyFallback.REPLICA_LAG);
                }
                pause(CATCH_UP_POLL_MILLIS);
            }
        }
    }

    /** What the standby's snapshot is current to, and how far behind the primary; empty when it cannot say. */
    static Optional<ReadSource.Standby> freshness(ReplayState state, PrimaryPosition position) {
        if (state.caughtUp()) {
            Instant currentTo = state.replayedCommitAt() != null && state.replayedCommitAt().isAfter(position.at())
                    ? state.replayedCommitAt() : position.at();
            return Optional.of(new ReadSource.Standby(currentTo, Duration.ZERO));
        }
        return Optional.ofNullable(state.replayedCommitAt()).map(replayed -> new ReadSource.Standby(replayed,
                replayed.isAfter(position.at()) ? Duration.ZERO : Duration.between(replayed, position.at())));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused(StandbyFallback.REPLICA_LAG);
        }
    }

    /**
     * The standby could not be connected to or went away: a connection failure (SQLSTATE class 08),
     * the pool timing out, or the server shutting down or starting up (57P01 to 57P04).
     */
    private static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** A standby declined a report; thrown inside its transaction, so that transaction rolls back. */
    private static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient StandbyFallback reason;

        Refused(StandbyFallback reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }
}
