package dev.tally.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.ibatis.builder.xml.XMLMapperBuilder;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.type.ObjectTypeHandler;

/**
 * The daily report's SQL exactly as report-app runs it: rendered by MyBatis from the report mapper
 * XML that persistence-postgres ships, for one workspace and window, as a JDBC statement and its
 * parameters. The benchmark times that SQL and explains it without going through the adapter.
 */
record ReportSql(List<String> preamble, String sql, List<Object> parameters, String source) {

    static final String MAPPER = "dev/tally/persistence/postgres/internal/ReportMapper.xml";
    private static final String NAMESPACE = "dev.tally.persistence.postgres.internal.ReportMapper";
    private static final String DAILY = NAMESPACE + ".daily";

    /** The daily report's statement, or empty when this build's persistence-postgres has no report mapper. */
    static Optional<ReportSql> daily(UUID workspaceId, String zone, Instant start, Instant end) {
        Configuration configuration = new Configuration();
        // Only to render the SQL: binding is plain JDBC, so any handler that lets MyBatis accept a UUID will do.
        configuration.getTypeHandlerRegistry().register(UUID.class, ObjectTypeHandler.class);
        try (InputStream xml = ReportSql.class.getClassLoader().getResourceAsStream(MAPPER)) {
            if (xml == null) {
                return Optional.empty();
            }
            new XMLMapperBuilder(xml, configuration, MAPPER, configuration.getSqlFragments()).parse();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("could not read the report mapper " + MAPPER + ": " + e.getMessage(), e);
        }
        if (!configuration.hasStatement(DAILY)) {
            return Optional.empty();
        }
        Map<String, Object> query = new HashMap<>();
        query.put("workspaceId", workspaceId);
        query.put("projectId", null);
        query.put("runtimeId", null);
        query.put("zone", zone);
        query.put("start", start);
        query.put("end", end);
        BoundSql bound = configuration.getMappedStatement(DAILY).getBoundSql(query);
        List<Object> parameters = new ArrayList<>();
        for (ParameterMapping mapping : bound.getParameterMappings()) {
            parameters.add(query.get(mapping.getProperty()));
        }
        return Optional.of(new ReportSql(preamble(configuration), bound.getSql(), parameters,
                MAPPER + " (select id=\"daily\")"));
    }

    /**
     * What the adapter sends first in the report's transaction (its isolation level, its statement
     * settings, such as a timeout and JIT off), rendered the same way; a one-minute timeout.
     */
    private static List<String> preamble(Configuration configuration) {
        List<String> statements = new ArrayList<>();
        for (String id : List.of("beginConsistentRead", "setStatementTimeout")) {
            String name = NAMESPACE + "." + id;
            if (configuration.hasStatement(name)) {
                BoundSql bound = configuration.getMappedStatement(name).getBoundSql(Map.of("millis", 60_000L));
                String sql = bound.getSql();
                for (int i = 0; i < bound.getParameterMappings().size(); i++) {
                    sql = sql.replaceFirst("\\?", "60000");
                }
                statements.add(sql);
            }
        }
        return statements;
    }

    Object[] parameterArray() {
        return parameters.toArray();
    }
}
