package dev.tally.quickstart;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The quickstart's database: the one {@code TALLY_DB_URL} names, or else an embedded PostgreSQL
 * whose data stays in a folder, so a second run finds its sample again.
 */
final class QuickstartDatabase implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final String description;
    private final DatabaseOptions options;

    private QuickstartDatabase(EmbeddedPostgres embedded, DatabaseOptions options, String description) {
        this.embedded = embedded;
        this.options = options;
        this.pool = ConnectionPools.open("quickstart", options, 4);
        this.description = description;
    }

    static QuickstartDatabase open(DatabaseOptions requested, boolean urlGiven, Path dataDirectory, int port) {
        if (urlGiven) {
            return new QuickstartDatabase(null, requested, requested.url());
        }
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            DatabaseOptions options = new DatabaseOptions(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "");
            return new QuickstartDatabase(embedded, options,
                    "embedded PostgreSQL on port " + port + ", data in " + dataDirectory.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage() + " (is another quickstart running? stop it, or use another --data-dir)", e);
        }
    }

    HikariDataSource pool() {
        return pool;
    }

    DatabaseOptions options() {
        return options;
    }

    String description() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("the embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
