package dev.tally.rollup;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.tally.domain.rollup.RollupStatus;
import dev.tally.domain.rollup.RollupStatusReader;
import dev.tally.domain.rollup.RootCause;
import dev.tally.domain.rollup.TickOutcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the rollup's latest status for /health and the gauges of /metrics. It reads the status on
 * its own thread every {@code refreshEvery} and right after each tick, so neither a health check nor
 * a scrape ever waits on the database, and a database that hangs shows up as one that stopped
 * answering. Gauges read NaN while the database does not answer: unknown, not zero.
 */
public final class StatusMonitor {

    private static final Logger LOG = LoggerFactory.getLogger(StatusMonitor.class);

    /** How often the status is read between ticks: well within a usual 15 to 60 s scrape interval. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(10);

    private final RollupStatusReader reader;
    private final Clock clock;
    private final Duration refreshEvery;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean refreshQueued = new AtomicBoolean();

    private volatile boolean running;
    private volatile Answer answer;
    private volatile String failure;
    private volatile TickOutcome lastTick;

    public StatusMonitor(RollupStatusReader reader, MeterRegistry registry, Clock clock, Duration refreshEvery) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshEvery = Objects.requireNonNull(refreshEvery, "refreshEvery");
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rollup-status");
            thread.setDaemon(true);
            return thread;
        });
        registerGauges(registry);
    }

    /** Starts reading the status now and every {@code refreshEvery}. */
    public void start() {
        running = true;
        executor.scheduleWithFixedDelay(this::refresh, 0, refreshEvery.toMillis(), MILLISECONDS);
    }

    public void stop() {
        running = false;
        executor.shutdownNow();
    }

    /** Notes how this process's tick ended, and, while monitoring, reads the status it left behind. */
    public void tickEnded(TickOutcome outcome) {
        lastTick = outcome;
        if (running) {
            refreshSoon();
        }
    }

    /** What the monitor knows now. */
    public Snapshot snapshot() {
        Answer latest = answer;
        return new Snapshot(
                Optional.ofNullable(latest).map(Answer::status),
                Optional.ofNullable(latest).map(Answer::at),
                Optional.ofNullable(failure),
                Optional.ofNullable(lastTick),
                maxAnswerAge());
    }

    /** An answer older than three refreshes means the reads hang: the database no longer answers. */
    private Duration maxAnswerAge() {
        return refreshEvery.multipliedBy(3);
    }

    /** Reads the status again soon, on the monitor's thread; requests made meanwhile share one read. */
    private void refreshSoon() {
        if (refreshQueued.compareAndSet(false, true)) {
            try {
                executor.execute(() -> {
                    refreshQueued.set(false);
                    refresh();
                });
            } catch (RejectedExecutionException e) {
                LOG.debug("not reading the status: the monitor is stopping");
            }
        }
    }

    private void refresh() {
        try {
            RollupStatus status = reader.read();
            answer = new Answer(status, clock.instant());
            if (failure != null) {
                LOG.info("the database answers again");
            }
            failure = null;
        } catch (RuntimeException e) {
            String error = RootCause.message(e);
            if (failure == null) {
                LOG.warn("cannot read the rollup status: {}", error);
            }
            failure = error;
        }
    }

    private void registerGauges(MeterRegistry registry) {
        gauge(registry, "tally.rollup.database.up", null, "1 while the database answers the status reads, else 0",
                snapshot -> snapshot.databaseAnswers(clock.instant()) ? 1.0 : 0.0);
        gauge(registry, "tally.rollup.watermark.lag", "seconds",
                "How far the watermark trails the database's clock",
                snapshot -> seconds(snapshot, RollupStatus::watermarkLag));
        gauge(registry, "tally.rollup.last.success.age", "seconds",
                "Time since the last successful tick by any ticker (NaN before the first)",
                snapshot -> seconds(snapshot, status -> status.sinceLastSuccess().orElse(null)));
        gauge(registry, "tally.rollup.dirty.keys", null, "Keys waiting in the dirty queue",
                snapshot -> snapshot.current(clock.instant()).map(status -> (double) status.dirtyKeys())
                        .orElse(Double.NaN));
        gauge(registry, "tally.rollup.dirty.oldest.age", "seconds",
                "How long the oldest key in the dirty queue has waited (0 when the queue is empty)",
                snapshot -> seconds(snapshot, status -> status.oldestDirtyAge().orElse(Duration.ZERO)));
    }

    private void gauge(MeterRegistry registry, String name, String unit, String description,
                       Function<Snapshot, Double> value) {
        Gauge.builder(name, this, monitor -> value.apply(monitor.snapshot()))
                .description(description)
                .baseUnit(unit)
                .strongReference(true)
                .register(registry);
    }

    /** An age from the last answer, moved on by the time since it came; NaN when unknown. */
    private double seconds(Snapshot snapshot, Function<RollupStatus, Duration> ageAtRead) {
        Instant now = clock.instant();
        return snapshot.current(now)
                .map(ageAtRead)
                .map(age -> age.plus(snapshot.sinceAnswer(now)).toMillis() / 1000.0)
                .orElse(Double.NaN);
    }

    private record Answer(RollupStatus status, Instant at) {
    }

    /**
     * What the monitor knows at one moment.
     *
     * @param status       the latest status the database returned; empty before the first answer
     * @param answeredAt   when it returned it, on this process's clock
     * @param failure      why the latest read failed; empty when it succeeded
     * @param lastTick     how this process's latest tick ended; empty before the first
     * @param maxAnswerAge past this age an answer no longer counts as the database answering
     */
    public record Snapshot(Optional<RollupStatus> status, Optional<Instant> answeredAt, Optional<String> failure,
                           Optional<TickOutcome> lastTick, Duration maxAnswerAge) {

        /** The latest read succeeded, and recently enough to believe the database still answers. */
        public boolean databaseAnswers(Instant now) {
            return failure.isEmpty() && answeredAt.isPresent() && sinceAnswer(now).compareTo(maxAnswerAge) <= 0;
        }

        /** The status, while the database answers. */
        public Optional<RollupStatus> current(Instant now) {
            return databaseAnswers(now) ? status : Optional.empty();
        }

        public Duration sinceAnswer(Instant now) {
            return answeredAt.map(at -> Duration.between(at, now)).filter(age -> !age.isNegative()).orElse(Duration.ZERO);
        }
    }
}
