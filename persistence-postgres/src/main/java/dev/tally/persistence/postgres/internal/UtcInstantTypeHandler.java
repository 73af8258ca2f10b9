package dev.tally.persistence.postgres.internal;

import java.sql.CallableStatement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.apache.ibatis.type.BaseTypeHandler;
import org.apache.ibatis.type.JdbcType;

/** Instants travel as UTC OffsetDateTime, so neither the JVM's nor the session's timezone can shift them. */
final class UtcInstantTypeHandler extends BaseTypeHandler<Instant> {

    @Override
    public void setNonNullParameter(PreparedStatement ps, int i, Instant value, JdbcType jdbcType) throws SQLException {
        ps.setObject(i, value.atOffset(ZoneOffset.UTC));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, String column) throws SQLException {
        return toInstant(rs.getObject(column, OffsetDateTime.class));
    }

    @Override
    public Instant getNullableResult(ResultSet rs, int column) throws SQLException {
        return toInstant(rs.getObject(column, OffsetDateTime.class));
    }

    @Override
    public Instant getNullableResult(CallableStatement cs, int column) throws SQLException {
        return toInstant(cs.getObject(column, OffsetDateTime.class));
    }

    private static Instant toInstant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
