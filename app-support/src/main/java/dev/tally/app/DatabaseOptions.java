package dev.tally.app;

import picocli.CommandLine.Option;

/** The database settings every app takes; a flag wins over its variable, which wins over the default. */
public final class DatabaseOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:TALLY_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tally}",
            description = "PostgreSQL JDBC URL (env TALLY_DB_URL, default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--db-user", paramLabel = "USER",
            defaultValue = "${env:TALLY_DB_USER:-postgres}",
            description = "Database user (env TALLY_DB_USER, default ${DEFAULT-VALUE}).")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            defaultValue = "${env:TALLY_DB_PASSWORD:-}",
            description = "Database password (env TALLY_DB_PASSWORD, default empty).")
    String password;

    public DatabaseOptions() {
    }

    public DatabaseOptions(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** Throws {@link BadUsageException} unless the URL is a PostgreSQL JDBC URL. */
    public void validate() {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new BadUsageException("--db-url (TALLY_DB_URL) must be a PostgreSQL JDBC URL such as "
                    + "jdbc:postgresql://127.0.0.1:5432/tally, got: " + url);
        }
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }
}
