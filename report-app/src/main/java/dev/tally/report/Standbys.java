package dev.tally.report;

import java.util.List;
import javax.sql.DataSource;

/** The pools of the hot standbys reports are read from, one per read URL, opened and closed by main. */
public record Standbys(List<DataSource> pools) {

    public static final Standbys NONE = new Standbys(List.of());

    public Standbys {
        pools = List.copyOf(pools);
    }
}
