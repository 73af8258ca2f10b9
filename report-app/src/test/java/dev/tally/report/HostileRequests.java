package dev.tally.report;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tally.domain.report.TimezoneRules;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Report requests made from a seeded Random, for {@link HostileInputIT}: valid ones, ones with
 * exactly one parameter at fault (so the test knows which one the 400 must name), and free-for-all
 * ones (hostile names, values and path ids together). The same seed makes the same requests.
 */
final class HostileRequests {

    /** Text a response may only carry as a stack trace, so no generated value contains it. */
    static final List<String> STACK_TRACE_MARKERS = List.of("Exception", "at dev.", "at java.", "at io.", "Caused by", "\tat ");

    static final List<String> ACCEPTED_ZONES = List.of("UTC", "Etc/UTC", "Europe/Berlin", "America/New_York",
            "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "America/Argentina/Buenos_Aires", "Pacific/Chatham");

    private static final String LONG = "A".repeat(10_000);
    private static final List<String> EVERYWHERE = List.of("", " ", "null", "undefined", "%00", "\u0000", "\u0000UTC",
            "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "'; DROP TABLE task_usage;--", "1; DELETE FROM task_usage_hourly",
            "' OR '1'='1", "\" OR 1=1 --", "$$; SELECT pg_sleep(10); $$", "${jndi:ldap://x}", "#{7*7}", "<script>alert(1)</script>",
            "Zürich", "東京", "🙂", "👩‍💻🏳️‍🌈", "\u202Eevil", "\uFEFFUTC", "e\u0301", "\r\nX-Injected: 1", "\t", LONG, "B".repeat(3_000), "é".repeat(1_000),
            "🙂".repeat(2_500), "%", "%%", "+", "[]", "{}", "a=b&c=d", "\\", "*", "?", "#");
    private static final List<String> ZONES = List.of("utc", "Utc", "asia/tokyo", "ASIA/TOKYO", "Local", "UTC+8", "UTC-05:00",
            "GMT", "GMT+1", "Z", "EST", "EST5EDT", "PST8PDT", "CET", "+05:30", "-08:00", "05:30", "+0530", "Etc/GMT+5",
            "Etc/GMT-14", "Etc/Zulu", "SystemV/EST5", "US/Eastern ", " Europe/Berlin", "Europe/Berlin\n", "Europe//Berlin",
            "Europe/Berlin/", "/Europe/Berlin", "Europe/Berlin;DROP", "Mars/Olympus_Mons", "America/New York",
            "Europe/Kyiv\u0000", "Europe/Zürich", "Asia/東京", "America/🙂", "Etc/Unknown", "posixrules", "localtime",
            "Factory", "America/Argentina/Buenos_Aires/Extra");
    private static final List<String> DAY_COUNTS = List.of("0", "367", "-1", "-0", "+7", " 7", "7 ", "7.0", "7.5", "1e2",
            "1E2", "0x10", "0b11", "010.", "1_000", "1,5", "٧", "７", "Ⅶ", "NaN", "Infinity", "-Infinity", "2147483647",
            "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999", "1".repeat(10_000), "seven");
    private static final List<String> WEEK_COUNTS = List.of("0", "105", "-3", "52.0", "0x34", "1e1", "١٠", "99999999999",
            "weeks");
    private static final List<String> DATES = List.of("2026-02-30", "2026-02-29", "2026-13-01", "2026-00-10", "2026-01-32",
            "2026-1-1", "26-01-01", "20260101", "2026/01/01", "01-01-2026", "2026-01-01T00:00", "2026-01-01T00:00:00Z",
            "2026-01-01 ", " 2026-01-01", "1969-12-31", "0000-01-01", "-2026-01-01", "+2026-01-01", "9999-12-31",
            "+10000-01-01", "２０２６-０１-０１", "٢٠٢٦-٠١-٠١", "today", "yesterday", "2026-W05", "2026-032",
            "2026-01-01'; DROP TABLE task_usage;--");
    /** Not a UUID by any reading. */
    private static final List<String> MALFORMED_IDS = List.of("42", "not-a-uuid", "00000000-0000-0000-0000-00000000000g",
            "00000000-0000-0000-0000-0000000000000", "00000000-0000-0000-0000-00000000000", "00000000000000000000000000000000",
            "{00000000-0000-0000-0000-000000000001}", "urn:uuid:00000000-0000-0000-0000-000000000001", "0-0-0-0-0",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "00000000_0000_0000_0000_000000000001", "1 OR 1=1",
            "00000000-0000-0000-0000-000000000001' OR '1'='1");
    /** Canonical-length ids with a sign or non-ASCII digits, which java.util.UUID reads as numbers. */
    private static final List<String> SIGNED_OR_WIDE_IDS = List.of("-0000000-0000-0000-0000-000000000001",
            "+0000000-0000-0000-0000-000000000001", "\uff100000000-0000-0000-0000-000000000001");
    private static final List<String> NAMES = List.of("day", "Days", "TZ", "tz[]", "tz ", " tz", "project", "projectId",
            "project-id", "workspace_id", "limit", "offset", "format", "callback", "from[]", "__proto__", "constructor",
            "'; DROP TABLE task_usage;--", "🙂", "タイムゾーン", "d\u0000ays", "x".repeat(500));
    private static final List<String> PATH_SAFE_IDS = MALFORMED_IDS.stream()
            .filter(id -> id.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'))
            .toList();

    /** A report endpoint: its path, the name of its path id, whether it takes project_id, and its range unit. */
    record Endpoint(String pathTemplate, String idName, boolean workspaceReport, boolean countedInWeeks) {

        String path(String id) {
            return pathTemplate.replace("{id}", id);
        }
    }

    /** What the test must see: a 200, a 400 naming {@code parameter}, or anything short of a 5xx. */
    enum Expectation { OK, REJECTED, ANY }

    /** One request. {@code query} holds decoded names and values, in order; {@code parameter} is the one at fault. */
    record Request(String method, String path, List<Map.Entry<String, String>> query, String body, Expectation expectation,
                   String parameter) {

        String pathAndQuery() {
            if (query.isEmpty()) {
                return path;
            }
            return path + "?" + query.stream().map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                    .collect(Collectors.joining("&"));
        }

        Optional<String> tz() {
            return query.stream().filter(p -> p.getKey().equals("tz")).map(Map.Entry::getValue).findFirst();
        }

        @Override
        public String toString() {
            String shown = method + " " + pathAndQuery() + (body == null ? "" : " " + body);
            return (shown.length() > 300 ? shown.substring(0, 300) + "... (" + shown.length() + " chars)" : shown)
                    + " expecting " + expectation + (parameter == null ? "" : " naming " + parameter);
        }
    }

    private final Random random;
    private final List<Endpoint> endpoints;
    private final UUID workspace;
    private final UUID runtime;
    private final UUID project;

    HostileRequests(long seed, UUID workspace, UUID runtime, UUID project) {
        this.random = new Random(seed);
        this.workspace = workspace;
        this.runtime = runtime;
        this.project = project;
        this.endpoints = List.of(
                new Endpoint("/api/workspaces/{id}/usage/daily", "workspaceId", true, false),
                new Endpoint("/api/workspaces/{id}/usage/weekly", "workspaceId", true, true),
                new Endpoint("/api/workspaces/{id}/usage/by-agent", "workspaceId", true, false),
                new Endpoint("/api/workspaces/{id}/usage/by-project", "workspaceId", true, false),
                new Endpoint("/api/workspaces/{id}/usage/by-runtime", "workspaceId", true, false),
                new Endpoint("/api/runtimes/{id}/usage", "runtimeId", false, false));
    }

    List<Request> next(int count) {
        List<Request> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            requests.add(roll < 15 ? valid() : roll < 60 ? oneFault() : roll < 95 ? anything() : profileChange());
        }
        return requests;
    }

    private Request valid() {
        Endpoint endpoint = pick(endpoints);
        return new Request("GET", endpoint.path(idOf(endpoint)), validQuery(endpoint), null, Expectation.OK, null);
    }

    /** A valid request with one parameter made wrong: a hostile value, a repeat, a misplaced or unknown name. */
    private Request oneFault() {
        Endpoint endpoint = pick(endpoints);
        List<Map.Entry<String, String>> query = validQuery(endpoint);
        String parameter;
        String id = idOf(endpoint);
        switch (random.nextInt(10)) {
            case 0 -> parameter = replace(query, "tz", pick(random.nextBoolean() ? ZONES : EVERYWHERE));
            case 1 -> {
                parameter = endpoint.countedInWeeks() ? "weeks" : "days";
                removeRange(query);
                query.add(Map.entry(parameter, pick(random.nextBoolean()
                        ? (endpoint.countedInWeeks() ? WEEK_COUNTS : DAY_COUNTS) : EVERYWHERE)));
            }
            case 2 -> {
                removeRange(query);
                boolean fromAtFault = random.nextBoolean();
                String bad = pick(random.nextBoolean() ? DATES : EVERYWHERE);
                query.add(Map.entry("from", fromAtFault ? bad : "2026-01-01"));
                query.add(Map.entry("to", fromAtFault ? "2026-02-01" : bad));
                parameter = fromAtFault ? "from" : "to";
            }
            case 3 -> {
                removeRange(query);
                int shape = random.nextInt(3);
                query.add(Map.entry("from", shape == 0 ? "2026-03-02" : "2025-01-01"));
                if (shape < 2) {
                    query.add(Map.entry("to", shape == 0 ? "2026-03-01" : "2026-01-02"));
                }
                parameter = "to"; // before from, more than 366 days after it, or missing
            }
            case 4 -> {
                removeRange(query);
                parameter = endpoint.countedInWeeks() ? "days" : "weeks";
                query.add(Map.entry(parameter, "2")); // the other endpoint's count
            }
            case 5 -> {
                removeRange(query);
                parameter = endpoint.countedInWeeks() ? "weeks" : "days";
                query.add(Map.entry("from", "2026-01-01"));
                query.add(Map.entry("to", "2026-01-31"));
                query.add(random.nextInt(query.size() + 1), Map.entry(parameter, "3"));
            }
            case 6 -> {
                parameter = "project_id";
                query.removeIf(p -> p.getKey().equals(parameter));
                query.add(Map.entry(parameter, endpoint.workspaceReport()
                        ? pick(random.nextBoolean() ? MALFORMED_IDS : EVERYWHERE) : UUID.randomUUID().toString()));
            }
            case 7 -> {
                Map.Entry<String, String> repeated = query.isEmpty() ? Map.entry("tz", "UTC") : pick(query);
                query.add(repeated);
                query.add(random.nextInt(query.size()), repeated);
                parameter = repeated.getKey();
            }
            case 8 -> {
                parameter = endpoint.idName();
                id = pick(PATH_SAFE_IDS);
            }
            default -> {
                parameter = pick(NAMES);
                query.add(random.nextInt(query.size() + 1), Map.entry(parameter, pick(EVERYWHERE)));
            }
        }
        return new Request("GET", endpoint.path(id), query, null, Expectation.REJECTED, parameter);
    }

    /** Hostile names, values and path ids together: nothing to expect but a clean answer. */
    private Request anything() {
        Endpoint endpoint = pick(endpoints);
        String id = switch (random.nextInt(7)) {
            case 0 -> encodePath(pick(random.nextBoolean() ? MALFORMED_IDS : EVERYWHERE));
            case 1 -> encodePath(pick(SIGNED_OR_WIDE_IDS));
            case 2 -> UUID.randomUUID().toString();
            case 3 -> idOf(endpoint).toUpperCase(Locale.ROOT);
            default -> idOf(endpoint);
        };
        List<Map.Entry<String, String>> query = new ArrayList<>();
        int parameters = random.nextInt(7);
        for (int i = 0; i < parameters; i++) {
            String name = random.nextInt(4) == 0 ? pick(NAMES)
                    : pick(List.of("tz", "days", "weeks", "from", "to", "project_id"));
            query.add(Map.entry(name, anyValueFor(name)));
        }
        return new Request("GET", endpoint.path(id), query, null, Expectation.ANY, null);
    }

    /**
     * PATCH /api/me with a hostile timezone, or a body that is no timezone change at all. The
     * profile strips the name, and a blank one clears it, so only a name that stripped is not even
     * region-shaped is sure to be refused.
     */
    private Request profileChange() {
        if (random.nextInt(5) == 0) {
            String body = pick(List.of("[]", "\"UTC\"", "{\"timezone\": 42}", "{\"timezone\": {}}", "{\"tz\": \"UTC\"}",
                    "{", "", "null", "{\"timezone\": \"UTC\", \"admin\": true}", "{\"timezone\": [\"UTC\"]}"));
            return new Request("PATCH", "/api/me", List.of(), body, Expectation.ANY, null);
        }
        String value = pick(random.nextBoolean() ? ZONES : EVERYWHERE);
        String body = "{\"timezone\": " + RunningReportApp.JSON.valueToTree(value) + "}";
        boolean refused = !value.isBlank() && !TimezoneRules.isRegionName(value.strip());
        return new Request("PATCH", "/api/me", List.of(), body, refused ? Expectation.REJECTED : Expectation.ANY,
                refused ? "timezone" : null);
    }

    private String anyValueFor(String name) {
        List<String> own = switch (name) {
            case "tz" -> random.nextBoolean() ? ZONES : ACCEPTED_ZONES;
            case "days" -> DAY_COUNTS;
            case "weeks" -> WEEK_COUNTS;
            case "from", "to" -> DATES;
            case "project_id" -> random.nextBoolean() ? MALFORMED_IDS : SIGNED_OR_WIDE_IDS;
            default -> EVERYWHERE;
        };
        return random.nextInt(3) == 0 ? pick(EVERYWHERE) : pick(own);
    }

    private List<Map.Entry<String, String>> validQuery(Endpoint endpoint) {
        List<Map.Entry<String, String>> query = new ArrayList<>();
        if (random.nextBoolean()) {
            query.add(Map.entry("tz", pick(ACCEPTED_ZONES)));
        }
        switch (random.nextInt(3)) {
            case 0 -> query.add(endpoint.countedInWeeks()
                    ? Map.entry("weeks", String.valueOf(1 + random.nextInt(104)))
                    : Map.entry("days", String.valueOf(1 + random.nextInt(366))));
            case 1 -> {
                query.add(Map.entry("from", "2026-02-0" + (1 + random.nextInt(9))));
                query.add(Map.entry("to", "2026-03-1" + random.nextInt(10)));
            }
            default -> { }
        }
        if (endpoint.workspaceReport() && random.nextBoolean()) {
            query.add(Map.entry("project_id", random.nextBoolean() ? project.toString() : UUID.randomUUID().toString()));
        }
        Collections.shuffle(query, random);
        return query;
    }

    private static void removeRange(List<Map.Entry<String, String>> query) {
        query.removeIf(p -> List.of("days", "weeks", "from", "to").contains(p.getKey()));
    }

    private static String replace(List<Map.Entry<String, String>> query, String name, String value) {
        query.removeIf(p -> p.getKey().equals(name));
        query.add(Map.entry(name, value));
        return name;
    }

    private String idOf(Endpoint endpoint) {
        return (endpoint.workspaceReport() ? workspace : runtime).toString();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, UTF_8);
    }

    private static String encodePath(String text) {
        return encode(text).replace("+", "%20");
    }
}
