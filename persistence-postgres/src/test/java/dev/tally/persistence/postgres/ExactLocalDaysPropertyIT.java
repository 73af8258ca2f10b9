package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.TimezoneRules;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14's property: in every accepted zone whose offset is off the whole hour at any time in
 * 2000-2037 (:30 and :45 offsets, half-hour DST shifts), and in a sample of whole-hour zones,
 * daily and weekly reports equal the raw sums grouped by {@code created_at AT TIME ZONE tz},
 * computed independently in SQL ({@link ExactLocalDays}). Usage is placed around local midnights
 * (transition days and random days), minutes and seconds either side of quarter-hour edges, and
 * the reports are compared before any tick (all fresh), after a tick and more writes and
 * corrections (some rolled up, some fresh), and after the next tick (all rolled up).
 *
 * <p>{@code -Dtally.random.seed=N} reruns one seed; a failure names its seed.
 */
class ExactLocalDaysPropertyIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant FROM = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2038-01-01T00:00:00Z");
    private static final Long ONLY_SEED = Long.getLong("tally.random.seed");
    private static final int WHOLE_HOUR_ZONES = 12;
    private static final List<String> PROVIDERS = List.of("anthropic", "OpenAI");
    private static final List<String> MODELS = List.of("claude-sonnet", "gpt-4o");

    private final UsageReportReader reader =
            TallyPostgres.create(db.dataSource()).usageReportReader(Duration.ofSeconds(30));
    private final ExactLocalDays reports = new ExactLocalDays(db, reader);

    /** One zone's workspace and the local dates around whose two midnights its usage lies. */
    private record ZoneCase(ZoneId zone, UUID workspace, UUID runtime, UUID agent, List<LocalDate> days,
            List<UUID> tasks) {
    }

    @Test
    void dailyAndWeeklyReportsEqualRawSumsByLocalDateInEveryZoneOffTheWholeHour() {
        long seed = ONLY_SEED != null ? ONLY_SEED : new Random().nextLong() & 0xffff_ffffL;
        Random random = new Random(seed);
        db.reset();
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(),
                () -> Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())));
        List<ZoneId> offTheHour = new ArrayList<>();
        List<ZoneId> wholeHour = new ArrayList<>();
        for (String name : new TimezoneRules(reader::timezoneNames).acceptedNames()) {
            ZoneId zone = ZoneId.of(name);
            (isEverOffTheWholeHour(zone.getRules()) ? offTheHour : wholeHour).add(zone);
        }
        assertThat(offTheHour).extracting(ZoneId::getId).contains("Asia/Kolkata", "Asia/Kathmandu", "Asia/Kabul",
                "Asia/Tehran", "Asia/Yangon", "Australia/Adelaide", "Australia/Lord_Howe", "Australia/Eucla",
                "Pacific/Chatham", "Pacific/Marquesas", "America/St_Johns", "America/Caracas", "Asia/Pyongyang");
        Collections.shuffle(wholeHour, random);
        List<ZoneId> zones = new ArrayList<>(offTheHour);
        zones.addAll(wholeHour.subList(0, WHOLE_HOUR_ZONES));
        zones.add(TimezoneRules.UTC);

        List<ZoneCase> cases = new ArrayList<>();
        for (ZoneId zone : zones) {
            UUID workspace = platform.aWorkspace();
            UUID runtime = platform.aRuntimeIn(workspace);
            cases.add(new ZoneCase(zone, workspace, runtime, platform.anAgentIn(workspace, runtime),
                    daysToTry(zone, random), new ArrayList<>()));
        }
        for (ZoneCase c : cases) {
            writeAroundEveryMidnight(platform, c, random, 3);
        }
        List<String> differences = new ArrayList<>(compare(cases, "before any tick (all fresh)"));

        platform.tickUntilCaughtUp();
        for (ZoneCase c : cases) {
            writeAroundEveryMidnight(platform, c, random, 2);
            correctSome(c, random);
        }
        differences.addAll(compare(cases, "after a tick, more usage and corrections (rolled up and fresh)"));

        platform.tickUntilCaughtUp();
        differences.addAll(compare(cases, "after the next tick (all rolled up)"));

        System.out.printf("[tally tests] exact local days: %d zones off the whole hour, %d whole-hour zones, "
                + "%d raw rows, seed %d%n", offTheHour.size(), zones.size() - offTheHour.size(),
                db.sql().count("SELECT count(*) FROM task_usage"), seed);
        assertThat(differences)
                .as("reports against the raw oracle, seed %d (rerun: -Dit.test=ExactLocalDaysPropertyIT "
                        + "-Dtally.random.seed=%d)", seed, seed)
                .isEmpty();
    }

    /** Whether the zone's offset or standard offset is ever off the whole hour in 2000-2037. */
    private static boolean isEverOffTheWholeHour(ZoneRules rules) {
        if (offTheHour(rules.getOffset(FROM)) || offTheHour(rules.getStandardOffset(FROM))) {
            return true;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(FROM); t != null && t.getInstant().isBefore(UNTIL);
                t = rules.nextTransition(t.getInstant())) {
            if (offTheHour(t.getOffsetBefore()) || offTheHour(t.getOffsetAfter())
                    || offTheHour(rules.getStandardOffset(t.getInstant()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean offTheHour(ZoneOffset offset) {
        return offset.getTotalSeconds() % 3600 != 0;
    }

    /**
     * Local dates whose midnights (the day's start and end) get usage: two transition days
     * (preferring those to or from an offset off the hour), a day of clocks going back and one of
     * clocks going forward off the quarter hour if the zone has them (America/St_Johns changed its
     * clocks at 00:01 until 2011), a day while the offset is off the hour, and a random day, all in
     * 2000-2037.
     */
    private static List<LocalDate> daysToTry(ZoneId zone, Random random) {
        ZoneRules rules = zone.getRules();
        List<ZoneOffsetTransition> offHour = new ArrayList<>();
        List<ZoneOffsetTransition> offQuarter = new ArrayList<>();
        List<ZoneOffsetTransition> any = new ArrayList<>();
        for (ZoneOffsetTransition t = rules.nextTransition(FROM); t != null && t.getInstant().isBefore(UNTIL);
                t = rules.nextTransition(t.getInstant())) {
            any.add(t);
            if (offTheHour(t.getOffsetBefore()) || offTheHour(t.getOffsetAfter())) {
                offHour.add(t);
            }
            if (t.getInstant().getEpochSecond() % 900 != 0) {
                offQuarter.add(t);
            }
        }
        List<ZoneOffsetTransition> transitions = offHour.isEmpty() ? any : offHour;
        TreeSet<LocalDate> days = new TreeSet<>();
        for (int i = 0; i < 2 && !transitions.isEmpty(); i++) {
            ZoneOffsetTransition t = transitions.get(random.nextInt(transitions.size()));
            days.add(t.getInstant().atZone(zone).toLocalDate());
        }
        for (boolean clocksGoBack : List.of(true, false)) {
            List<ZoneOffsetTransition> ofThisKind =
                    offQuarter.stream().filter(t -> t.isOverlap() == clocksGoBack).toList();
            if (!ofThisKind.isEmpty()) {
                ZoneOffsetTransition t = ofThisKind.get(random.nextInt(ofThisKind.size()));
                days.add(t.getInstant().atZone(zone).toLocalDate());
            }
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            Instant instant = randomInstant(random);
            if (offTheHour(rules.getOffset(instant))) {
                days.add(instant.atZone(zone).toLocalDate());
                break;
            }
        }
        days.add(randomInstant(random).atZone(zone).toLocalDate());
        return List.copyOf(days);
    }

    /** Far enough from 2000-2037's ends that the window around the day stays inside it. */
    private static Instant randomInstant(Random random) {
        long first = FROM.plus(3, ChronoUnit.DAYS).getEpochSecond();
        long last = UNTIL.minus(3, ChronoUnit.DAYS).getEpochSecond();
        return Instant.ofEpochSecond(first + (long) (random.nextDouble() * (last - first)));
    }

    /** {@code perMidnight} usage rows around the start and the end of each of the case's days. */
    private static void writeAroundEveryMidnight(PostgresUsagePlatform platform, ZoneCase c, Random random,
                                                 int perMidnight) {
        for (LocalDate day : c.days()) {
            for (LocalDate midnightOf : List.of(day, day.plusDays(1))) {
                Instant midnight = midnightOf.atStartOfDay(c.zone()).toInstant();
                for (int i = 0; i < perMidnight; i++) {
                    usageAt(platform, c, random, midnight.plusSeconds(nearAQuarterEdge(random)));
                }
                // America/St_Johns until 2011: the clocks changed at 00:01, so a date began or ended there.
                ZoneOffsetTransition t = c.zone().getRules().nextTransition(midnight.minus(2, ChronoUnit.HOURS));
                if (t != null && t.getInstant().isBefore(midnight.plus(2, ChronoUnit.HOURS))
                        && t.getInstant().getEpochSecond() % 900 != 0) {
                    usageAt(platform, c, random, t.getInstant().minusSeconds(1));
                    usageAt(platform, c, random, t.getInstant().plusSeconds(1));
                }
            }
        }
    }

    private static void usageAt(PostgresUsagePlatform platform, ZoneCase c, Random random, Instant createdAt) {
        UUID task = platform.aTask(c.agent(), c.runtime(), null);
        platform.reportUsage(task, PROVIDERS.get(random.nextInt(PROVIDERS.size())),
                MODELS.get(random.nextInt(MODELS.size())), createdAt, randomTokens(random));
        c.tasks().add(task);
    }

    /**
     * Seconds from a local midnight: up to an hour and a half either way, on a quarter-hour edge,
     * a second either side of one, or anywhere inside a quarter.
     */
    private static long nearAQuarterEdge(Random random) {
        long quarter = (random.nextInt(12) - 6) * 900L;
        return quarter + switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            default -> random.nextInt(900);
        };
    }

    private static Tokens randomTokens(Random random) {
        return new Tokens(1 + random.nextInt(10_000), random.nextInt(1_000), random.nextInt(100), random.nextInt(100));
    }

    /** Rewrites the tokens of a few of the case's usage rows: corrections of rows the rollup already holds. */
    private static void correctSome(ZoneCase c, Random random) {
        for (int i = 0; i < 3; i++) {
            UUID task = c.tasks().get(random.nextInt(c.tasks().size()));
            db.sql().update("""
                    UPDATE task_usage
                    SET input_tokens = input_tokens + ?, output_tokens = output_tokens + 1, updated_at = now()
                    WHERE task_id = ?
                    """, 1 + random.nextInt(500), task);
        }
    }

    private List<String> compare(List<ZoneCase> cases, String when) {
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (ZoneCase c : cases) {
            for (LocalDate day : c.days()) {
                ReportWindow window = ExactLocalDays.window(c.zone(), day.minusDays(1), day.plusDays(1));
                List<String> dailyOracle = reports.dailyOracle(c.workspace(), window);
                List<String> daily = reports.dailyReport(c.workspace(), window);
                if (!daily.equals(dailyOracle)) {
                    differences.add(String.format("%s, daily, %s around %s: report %s, oracle %s", when, c.zone(), day,
                            daily, dailyOracle));
                }
                List<String> weeklyOracle = reports.weeklyOracle(c.workspace(), window);
                List<String> weekly = reports.weeklyReport(c.workspace(), window);
                if (!weekly.equals(weeklyOracle)) {
                    differences.add(String.format("%s, weekly, %s around %s: report %s, oracle %s", when, c.zone(), day,
                            weekly, weeklyOracle));
                }
                compared += dailyOracle.size();
            }
        }
        assertThat(compared).as("oracle rows compared %s", when).isPositive();
        return differences;
    }
}
