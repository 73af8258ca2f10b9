package dev.tally.persistence.postgres.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;

/** The process's one SqlSessionFactory, and the two ways adapters use a session. */
public final class MyBatisSessions {

    private final SqlSessionFactory factory;

    private MyBatisSessions(SqlSessionFactory factory) {
        this.factory = factory;
    }

    public static MyBatisSessions over(DataSource dataSource) {
        Configuration configuration = new Configuration(
                new Environment("tally", new JdbcTransactionFactory(), dataSource));
        configuration.setMapUnderscoreToCamelCase(true);
        configuration.getTypeHandlerRegistry().register(Instant.class, new UtcInstantTypeHandler());
        configuration.getTypeHandlerRegistry().register(UUID.class, new UuidTypeHandler());
        configuration.addMapper(RollupMapper.class);
        configuration.addMapper(BackfillMapper.class);
        configuration.addMapper(RollupStatusMapper.class);
        configuration.addMapper(CronMapper.class);
        configuration.addMapper(ReportMapper.class);
        configuration.addMapper(UserMapper.class);
        configuration.addMapper(TokenMapper.class);
        configuration.addMapper(ReplicationMapper.class);
        configuration.addMapper(PriceMapper.class);
        return new MyBatisSessions(new SqlSessionFactoryBuilder().build(configuration));
    }

    /**
     * Runs {@code work} in one transaction on one connection and commits it; rolls back if it throws.
     * (Closing an uncommitted session alone is not enough: resetting auto-commit on the way out
     * would commit whatever the failed work had written.)
     */
    public <T> T inTransaction(Function<SqlSession, T> work) {
        try (SqlSession session = factory.openSession(false)) {
            return commitOrRollBack(session, work);
        }
    }

    /**
     * As {@link #inTransaction}, on a connection from another server's pool (a standby): the same
     * mappers and type handlers, through the process's one factory.
     */
    public <T> T inTransactionOn(DataSource otherServer, Function<SqlSession, T> work) {
        try (SqlSession session = factory.openSession(connectionWithoutAutoCommit(otherServer))) {
            return commitOrRollBack(session, work);
        }
    }

    private static <T> T commitOrRollBack(SqlSession session, Function<SqlSession, T> work) {
        try {
            T result = work.apply(session);
            session.commit(true);
            return result;
        } catch (RuntimeException | Error e) {
            rollBack(session, e);
            throw e;
        }
    }

    /** Closing the session gives the connection back to its pool, with auto-commit restored. */
    private static Connection connectionWithoutAutoCommit(DataSource dataSource) {
        try {
            Connection connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new PersistenceException("could not get a connection: " + e.getMessage(), e);
        }
    }

    /** A rollback on a connection that is already gone fails too; the first error is the one to report. */
    private static void rollBack(SqlSession session, Throwable failure) {
        try {
            session.rollback(true);
        } catch (RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
