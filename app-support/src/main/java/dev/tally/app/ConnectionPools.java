package dev.tally.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Builds an app's Hikari pool; the app names it after itself and closes it on the way out. */
public final class ConnectionPools {

    private ConnectionPools() {
    }

    public static HikariDataSource open(String appName, DatabaseOptions database, int maximumSize) {
        database.validate();
        HikariConfig config = new HikariConfig();
        config.setPoolName(appName);
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setPassword(database.password());
        config.setMaximumPoolSize(maximumSize);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
        // Start even when the database is down: services report unhealthy and retry instead of dying.
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("ApplicationName", appName);
        return new HikariDataSource(config);
    }
}
