package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.report.TimezoneRules;
import dev.tally.testing.TestDatabase;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * D9 against a real PostgreSQL: the names reports accept are exactly the Java region names this
 * server knows, and every one of them means the same offsets on both sides.
 */
class ReportTimezonesIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2038-01-01T00:00:00Z");

    private final TimezoneRules rules =
            new TimezoneRules(TallyPostgres.create(db.dataSource()).usageReportReader(Duration.ofSeconds(30))::timezoneNames);

    @Test
    void theAcceptedNamesAreTheJavaRegionNamesThisServerKnows() {
        Set<String> postgres = Set.copyOf(db.sql().query("SELECT name FROM pg_timezone_names", row -> row.getString(1)));
        Set<String> expected = new TreeSet<>();
        Set<String> javaOnly = new TreeSet<>();
        for (String name : ZoneId.getAvailableZoneIds()) {
            if (TimezoneRules.isRegionName(name)) {
                (postgres.contains(name) ? expected : javaOnly).add(name);
            }
        }

        assertThat(rules.acceptedNames()).containsExactlyInAnyOrderElementsOf(expected)
                .contains("UTC", "Etc/UTC", "Asia/Tokyo", "America/New_York", "Asia/Kolkata", "Australia/Adelaide");
        System.out.println("[tally tests] " + expected.size() + " timezone names accepted; Java region names this "
                + "PostgreSQL lacks: " + (javaOnly.isEmpty() ? "none" : javaOnly));
    }

    @Test
    void everyAcceptedNameHasTheSameOffsetsInJavaAndPostgresqlAroundEveryTransitionSince2000() throws SQLException {
        List<String> zones = new ArrayList<>();
        List<OffsetDateTime> instants = new ArrayList<>();
        List<Integer> javaOffsets = new ArrayList<>();
        for (String name : rules.acceptedNames()) {
            ZoneId zone = ZoneId.of(name);
            sample(zones, instants, javaOffsets, zone, FROM);
            for (ZoneOffsetTransition t = zone.getRules().nextTransition(FROM);
                    t != null && t.getInstant().isBefore(UNTIL);
                    t = zone.getRules().nextTransition(t.getInstant())) {
                sample(zones, instants, javaOffsets, zone, t.getInstant().minusSeconds(1));
                sample(zones, instants, javaOffsets, zone, t.getInstant());
            }
        }

        List<Integer> postgresOffsets = postgresOffsets(zones, instants);

        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < zones.size(); i++) {
            if (!javaOffsets.get(i).equals(postgresOffsets.get(i))) {
                disagreements.add(zones.get(i) + " at " + instants.get(i) + ": Java " + javaOffsets.get(i)
                        + " s, PostgreSQL " + postgresOffsets.get(i) + " s");
            }
        }
        assertThat(disagreements).as("offsets of %d instants", zones.size()).isEmpty();
        assertThat(zones.size()).isGreaterThan(10_000);
    }

    @Test
    void postgresqlReadsWhatTheRulesRejectDifferentlyFromJava() {
        // UTC+8 is eight hours ahead for Java and, as a POSIX string, eight hours behind for PostgreSQL.
        assertThat(ZoneId.of("UTC+8").getRules().getOffset(Instant.EPOCH).getTotalSeconds()).isEqualTo(8 * 3600);
        assertThat(db.sql().single("SELECT extract(epoch FROM ('1970-01-01 00:00:00+00'::timestamptz AT TIME ZONE 'UTC+8')"
                + " - '1970-01-01 00:00:00'::timestamp)::int", Integer.class)).isEqualTo(-8 * 3600);
        assertThat(ZoneId.of("UTC+8").getId()).satisfies(name -> assertThat(rules.zoneNamed(name)).isEmpty());
        // Local is Java's name for the JVM's zone; PostgreSQL does not know it.
        assertThatThrownBy(() -> db.sql().single("SELECT now() AT TIME ZONE 'Local'", Object.class))
                .hasMessageContaining("time zone \"Local\" not recognized");
        assertThat(rules.zoneNamed("Local")).isEmpty();
    }

    private static void sample(List<String> zones, List<OffsetDateTime> instants, List<Integer> offsets, ZoneId zone,
                               Instant instant) {
        zones.add(zone.getId());
        instants.add(instant.atOffset(ZoneOffset.UTC));
        offsets.add(zone.getRules().getOffset(instant).getTotalSeconds());
    }

    private static List<Integer> postgresOffsets(List<String> zones, List<OffsetDateTime> instants) throws SQLException {
        try (Connection connection = db.connection();
             PreparedStatement statement = connection.prepareStatement("""
                     SELECT extract(epoch FROM (x.at AT TIME ZONE x.zone) - (x.at AT TIME ZONE 'UTC'))::int
                     FROM unnest(?::text[], ?::timestamptz[]) WITH ORDINALITY AS x(zone, at, n)
                     ORDER BY x.n
                     """)) {
            Array zoneArray = connection.createArrayOf("text", zones.toArray());
            Array instantArray = connection.createArrayOf("timestamptz", instants.toArray());
            statement.setArray(1, zoneArray);
            statement.setArray(2, instantArray);
            List<Integer> offsets = new ArrayList<>(zones.size());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    offsets.add(rows.getInt(1));
                }
            }
            return offsets;
        }
    }
}
