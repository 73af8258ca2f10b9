package dev.tally.rollup;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import dev.tally.app.IsoDurationConverter;
import dev.tally.rollup.wiring.DaggerRollupComponent;
import dev.tally.rollup.wiring.RollupComponent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * rollup-app assembled by its real Dagger component, from its real flags, over a Hikari pool opened
 * the way main opens it, in this JVM, so that a test can drive it, watch it and stop it. One
 * difference from production: the pool gives up on a connection after 2 s instead of 10, so
 * outages show sooner. Without {@code --http-port} the endpoint is off.
 */
final class RunningRollupApp implements AutoCloseable {

    private static final Duration TEST_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final HikariDataSource pool;
    private final RollupSettings settings;
    private final RollupComponent component;
    private CompletableFuture<Void> run;

    private RunningRollupApp(HikariDataSource pool, RollupSettings settings) {
        this.pool = pool;
        this.settings = settings;
        this.component = DaggerRollupComponent.builder().settings(settings).dataSource(pool).build();
    }

    /** The component over a fresh pool, not yet running: for ticks one at a time, as {@code --once} runs them. */
    static RunningRollupApp wired(String url, String user, String password, String... flags) {
        HikariDataSource pool = ConnectionPools.open(RollupMain.APP_NAME, new DatabaseOptions(url, user, password), 3);
        pool.setConnectionTimeout(TEST_CONNECTION_TIMEOUT.toMillis());
        RollupSettings settings = settingsFrom(Stream.concat(Stream.of("--http-port", "0"), Stream.of(flags))
                .toArray(String[]::new));
        return new RunningRollupApp(pool, settings);
    }

    /** The service running on another thread, as main runs it, until {@link #close}. */
    static RunningRollupApp started(String url, String user, String password, String... flags) {
        RunningRollupApp app = wired(url, user, password, flags);
        RollupDaemon daemon = app.component.rollupDaemon();
        app.run = CompletableFuture.runAsync(() -> daemon.run(() -> app.component.migrations().requireCurrent()),
                runnable -> new Thread(runnable, "rollup-app-under-test").start());
        app.run.whenComplete((ignored, failure) -> {
            if (failure != null) {
                System.err.println("[rollup-app under test] the service ended: " + failure);
                failure.printStackTrace();
            }
        });
        return app;
    }

    RollupService service() {
        return component.rollupService();
    }

    /** Its health and metrics endpoint, on the port its flags name. */
    Http http() {
        return new Http(settings.httpPort());
    }

    /** Whether the service is still running (it ends only when stopped, or when ticking ends in failure). */
    boolean isRunning() {
        return run != null && !run.isDone();
    }

    @Override
    public void close() {
        try {
            if (run != null) {
                component.gracefulStop().stop(STOP_GRACE);
                run.get(STOP_GRACE.toSeconds() * 2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the service did not stop cleanly", e);
        } finally {
            pool.close();
        }
    }

    /** The settings main would build from {@code flags}; a later flag wins over an earlier one. */
    static RollupSettings settingsFrom(String... flags) {
        RollupMain main = new RollupMain();
        new CommandLine(main)
                .registerConverter(Duration.class, new IsoDurationConverter())
                .setOverwrittenOptionsAllowed(true)
                .parseArgs(flags);
        return main.settings();
    }
}
