package dev.tally.backfill;

import dev.tally.app.BadUsageException;
import dev.tally.app.DatabaseOptions;
import dev.tally.domain.backfill.VerifyRequest;
import dev.tally.migrations.SchemaOptions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code backfill-app verify}: the rollup against raw, inside the database; optionally repairs what drifted. */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Compares the rollup (hourly and quarter rows) with a GROUP BY over the raw usage inside the database, "
                    + "per UTC day and workspace, and prints the ranges that differ with their rows missing, extra "
                    + "and different, and the totals.",
            "It reads in one snapshot and takes no lock. A difference in an hour a writer changed after the rollup "
                    + "watermark (or with a queued key) is printed as pending: the next tick recomputes it. Pending "
                    + "is neither drift nor clean.",
            "Exit codes: 0 no drift, 1 drift (or a failure), 2 bad usage.",
            ""})
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--workspace", paramLabel = "UUID", converter = FlagConverters.WorkspaceId.class,
            description = "A workspace to verify (a deleted one too); repeat for several. Default: every workspace.")
    List<UUID> workspaces = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DATE", converter = FlagConverters.UtcDay.class,
            description = "The first UTC day (YYYY-MM-DD). Default: the oldest usage or rollup hour.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", converter = FlagConverters.UtcDay.class,
            description = "The last UTC day, included. Default: the newest change or rollup hour.")
    LocalDate to;

    @Option(names = "--repair",
            description = "Backfill exactly the days and workspaces that drifted (one transaction per day, under the "
                    + "tick lock), then verify again.")
    boolean repair;

    @Mixin
    SchemaOptions schema;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() {
        if (from != null && to != null && from.isAfter(to)) {
            throw new BadUsageException("--from " + from + " is after --to " + to
                    + "; give --from on or before --to (UTC days as YYYY-MM-DD, --to included)");
        }
        VerifyRequest request = new VerifyRequest(List.copyOf(new LinkedHashSet<>(workspaces)),
                Optional.ofNullable(from), Optional.ofNullable(to), repair);
        return BackfillMain.withComponent(database, schema, Terminal.system(), new StopSignal(),
                app -> app.verifyJob().run(request));
    }
}
