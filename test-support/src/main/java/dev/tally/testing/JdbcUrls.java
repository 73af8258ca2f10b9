package dev.tally.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites the database of a PostgreSQL JDBC URL, keeping host, port and parameters. */
final class JdbcUrls {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(\\?.*)?");

    private JdbcUrls() {
    }

    static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        return matcher.group(1) + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }
}
