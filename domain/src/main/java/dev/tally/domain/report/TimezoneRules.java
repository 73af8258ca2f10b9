package dev.tally.domain.report;

import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Which timezone names reports accept, and which timezone a report uses (D9).
 *
 * <p>Java computes a report's day edges and PostgreSQL slices its rows by the same name, so a name
 * is accepted only if both resolve it, and resolve it the same way:
 * <ul>
 *   <li>Java knows it ({@link ZoneId#getAvailableZoneIds()});</li>
 *   <li>it is an IANA region name, {@code Area/Location} or {@code Area/Location/Sub}, or exactly
 *       {@code UTC} or {@code Etc/UTC}. This shuts out what the two sides read differently:
 *       {@code Local} (Java-only), POSIX strings such as {@code UTC+8} (PostgreSQL inverts the
 *       sign), abbreviations such as {@code EST}, offsets such as {@code +05:00}, and the
 *       {@code Etc/GMT+5} family, whose sign is inverted by definition;</li>
 *   <li>the report store knows it too. Java and PostgreSQL carry separate copies of the tz
 *       database, so each side has names the other lacks (Java 17's {@code SystemV/*}, zones
 *       added to newer tzdata releases).</li>
 * </ul>
 * Names are matched exactly, as Java does; PostgreSQL would also take other spellings.
 */
public final class TimezoneRules {

    public static final ZoneId UTC = ZoneId.of("UTC");

    private static final Pattern REGION_NAME = Pattern.compile("[A-Z][A-Za-z]+(?:/[A-Z][A-Za-z_-]*){1,2}");
    private static final Set<String> UTC_NAMES = Set.of("UTC", "Etc/UTC");
    private static final String ACCEPTED = "an IANA timezone name such as Europe/Berlin, America/New_York or UTC";

    private final Supplier<Set<String>> storeNames;
    private volatile Set<String> accepted;

    /**
     * {@code storeNames} says which names the report store resolves; it is asked once, when a
     * name is first looked up, and asked again on the next lookup if it failed.
     */
    public TimezoneRules(Supplier<Set<String>> storeNames) {
        this.storeNames = Objects.requireNonNull(storeNames, "storeNames");
    }

    /** Whether {@code name} has the shape of an accepted name, before asking either side about it. */
    public static boolean isRegionName(String name) {
        if (UTC_NAMES.contains(name)) {
            return true;
        }
        return REGION_NAME.matcher(name).matches() && !name.startsWith("Etc/");
    }

    /** Every accepted name, sorted. */
    public Set<String> acceptedNames() {
        Set<String> names = accepted;
        if (names == null) {
            synchronized (this) {
                if (accepted == null) {
                    accepted = computeAccepted(storeNames.get());
                }
                names = accepted;
            }
        }
        return names;
    }

    private static Set<String> computeAccepted(Set<String> storeNames) {
        Set<String> names = new TreeSet<>();
        for (String name : ZoneId.getAvailableZoneIds()) {
            if (isRegionName(name) && storeNames.contains(name)) {
                names.add(name);
            }
        }
        return Set.copyOf(names);
    }

    /** The zone named {@code name}, if the name is accepted. */
    public Optional<ZoneId> zoneNamed(String name) {
        return acceptedNames().contains(name) ? Optional.of(ZoneId.of(name)) : Optional.empty();
    }

    /**
     * The zone named by a request's {@code tz} parameter.
     *
     * @throws RejectedParameter naming {@code parameter} when the name is not accepted
     */
    public ZoneId requireZone(String parameter, String name) {
        return zoneNamed(name).orElseThrow(() -> new RejectedParameter(parameter,
                parameter + " must be " + ACCEPTED + " (got '" + name + "')"));
    }

    /**
     * The viewing timezone: the requested one, else the caller's stored one if it is still
     * accepted, else UTC. A requested name that is not accepted is rejected, never skipped: a
     * silent fallback would hide the caller's bug behind plausible numbers.
     */
    public ViewingTimezone resolve(Optional<String> requested, Optional<String> stored) {
        if (requested.isPresent()) {
            return new ViewingTimezone(requireZone("tz", requested.get()), TimezoneSource.REQUEST);
        }
        return stored.flatMap(this::zoneNamed)
                .map(zone -> new ViewingTimezone(zone, TimezoneSource.USER))
                .orElseGet(() -> new ViewingTimezone(UTC, TimezoneSource.DEFAULT));
    }
}
