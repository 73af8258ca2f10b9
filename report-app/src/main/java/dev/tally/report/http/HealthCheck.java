package dev.tally.report.http;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whether the database answers: what /health reports, so a supervisor can route around a broken instance. */
public final class HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheck.class);
    private static final int VALIDATION_SECONDS = 2;

    private final DataSource dataSource;

    public HealthCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean databaseAnswers() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(VALIDATION_SECONDS);
        } catch (SQLException e) {
            LOG.warn("health check: the database does not answer: {}", e.getMessage());
            return false;
        }
    }
}
