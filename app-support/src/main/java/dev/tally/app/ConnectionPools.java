package dev.tally.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds an app's Hikari pool; the app names it after itself and closes it on the way out. */
public final class ConnectionPools {

    private ConnectionPools() {
    }

    public static HikariDataSource open(String appName, DatabaseOptions database, int maximumSize) {
        return open(appName, database, maximumSize, Duration.ofSeconds(10));
    }

    /**
     * As {@link #open(String, DatabaseOptions, int)}, giving up on a connection after
     * {@code connectionTimeout}: short for a server the app can do without for a while, such as a standby.
     */
    public static HikariDataSource open(String appName, DatabaseOptions database, int maximumSize,
                                        Duration connectionTimeout) {
        database.validate();
        HikariConfig config = new HikariConfig();
        config.setPoolName(appName);
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(maximumSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(connectionTimeout.toMillis());
        // Start even when the database is down: services report unhealthy and retry instead of dying.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", appName);
        return new HikariDataSource(config);
    }
}
