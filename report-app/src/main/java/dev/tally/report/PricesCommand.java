package dev.tally.report;

import dev.tally.app.BadUsageException;
import dev.tally.app.CommandLines;
import dev.tally.app.DatabaseOptions;
import dev.tally.domain.price.ImportPrices;
import dev.tally.domain.price.ModelPrice;
import dev.tally.domain.price.PriceChanges;
import dev.tally.report.prices.LiteLlmPrices;
import dev.tally.report.prices.PriceCsv;
import dev.tally.report.prices.PriceFile;
import dev.tally.report.prices.PriceFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code report-app prices import|list}: the dated price catalog reports estimate cost with. An
 * import is all or nothing: a bad entry anywhere exits 2 naming it, before the database is touched.
 */
@Command(name = "prices", mixinStandardHelpOptions = true,
        description = "Import and list the dated model prices reports estimate cost with.",
        subcommands = {PricesCommand.Import.class, PricesCommand.ListPrices.class})
final class PricesCommand {

    @ParentCommand
    ReportMain main;

    /** What both price commands share: database options, output. */
    abstract static class PricesAction implements Callable<Integer> {

        @ParentCommand
        PricesCommand prices;

        @Mixin
        DatabaseOptions database;

        @Spec
        CommandSpec spec;

        final PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Add or correct prices, all or nothing: a bad line exits 2 naming it, and nothing is written.",
                    "FILE is CSV with the header " + PriceCsv.HEADER + " (effective_from ISO-8601 with an offset, "
                            + "on a UTC hour edge; USD per million tokens). With --litellm, LiteLLM's "
                            + "model_prices_and_context_window.json, all in force from --effective-from."})
    static final class Import extends PricesAction {

        @Parameters(arity = "0..1", paramLabel = "FILE.csv", description = "The price CSV.")
        Path csv;

        @Option(names = "--litellm", paramLabel = "FILE.json",
                description = "LiteLLM's model_prices_and_context_window.json instead of a CSV.")
        Path liteLlm;

        @Option(names = "--effective-from", paramLabel = "TIME",
                description = "With --litellm: when its prices take effect (ISO-8601 with an offset, on a UTC hour edge).")
        String effectiveFrom;

        @Option(names = "--dry-run", description = "Say what would be added and changed; write nothing.")
        boolean dryRun;

        @Override
        public Integer call() {
            PriceFile file = read();
            return prices.main.runCommand(database, app -> {
                ImportPrices.Outcome outcome = app.importPrices().run(file.prices(), dryRun);
                if (outcome instanceof ImportPrices.DuplicateKey duplicate) {
                    ModelPrice.Key key = duplicate.key();
                    throw new BadUsageException(file.origins().get(duplicate.second()) + ": " + key.provider() + " "
                            + key.model() + " from " + key.effectiveFrom() + " is already priced by "
                            + file.origins().get(duplicate.first()) + " (one price per provider, model and "
                            + "effective_from); nothing was written");
                }
                print(((ImportPrices.Imported) outcome).changes(), file);
                return CommandLines.OK;
            });
        }

        private PriceFile read() {
            if ((csv == null) == (liteLlm == null)) {
                throw new BadUsageException("name one price file: FILE.csv, or --litellm FILE.json");
            }
            if (liteLlm != null && effectiveFrom == null) {
                throw new BadUsageException("--litellm needs --effective-from TIME: LiteLLM's file says no date");
            }
            if (csv != null && effectiveFrom != null) {
                throw new BadUsageException("--effective-from is for --litellm; a CSV names each price's effective_from");
            }
            Path path = csv != null ? csv : liteLlm;
            try {
                String text = Files.readString(path, StandardCharsets.UTF_8);
                return csv != null ? PriceCsv.parse(text) : LiteLlmPrices.parse(text, effectiveFromOption());
            } catch (IOException e) {
                throw new BadUsageException("cannot read " + path + ": " + e);
            } catch (PriceFileException e) {
                throw new BadUsageException(path + " " + e.getMessage() + "; nothing was written");
            }
        }

        private Instant effectiveFromOption() {
            Instant instant = instant("--effective-from", effectiveFrom);
            if (!ModelPrice.isHourEdge(instant)) {
                throw new BadUsageException("--effective-from: " + effectiveFrom + " is not on a UTC hour edge: reports "
                        + "price each hourly UTC bucket at the one price in force at its start");
            }
            return instant;
        }

        private void print(PriceChanges changes, PriceFile file) {
            String verb = dryRun ? "would add" : "added";
            out().println((dryRun ? "dry run, nothing written: " : "") + verb + " " + changes.added().size()
                    + ", " + (dryRun ? "would change " : "changed ") + changes.changed().size() + ", left "
                    + changes.unchanged().size() + " as they were"
                    + (file.skipped() > 0 ? "; skipped " + file.skipped() + " (" + file.skippedWhy() + ")" : ""));
            printEach(dryRun ? "add" : "added", changes.added());
            printEach(dryRun ? "change" : "changed", changes.changed());
            printEach("unchanged", changes.unchanged());
        }

        private void printEach(String label, List<ModelPrice> prices) {
            prices.forEach(price -> out().println(label + "\t" + row(price)));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the prices in force at a time (default now), or every price with --all.")
    static final class ListPrices extends PricesAction {

        @Option(names = "--at", paramLabel = "TIME", description = "ISO-8601 with an offset (default now).")
        String at;

        @Option(names = "--all", description = "Every price, past and future, by provider, model and effective_from.")
        boolean all;

        @Override
        public Integer call() {
            if (all && at != null) {
                throw new BadUsageException("--at and --all exclude each other");
            }
            Instant when = at == null ? Instant.now() : instant("--at", at);
            return prices.main.runCommand(database, app -> {
                List<ModelPrice> listed = all ? app.priceCatalog().all() : app.priceCatalog().inForceAt(when);
                out().println(PriceCsv.HEADER.replace(',', '\t'));
                listed.forEach(price -> out().println(row(price)));
                return CommandLines.OK;
            });
        }
    }

    static String row(ModelPrice price) {
        return String.join("\t", price.provider(), price.model(), price.effectiveFrom().toString(),
                price.inputUsdPerMtok().toPlainString(), price.outputUsdPerMtok().toPlainString(),
                price.cacheReadUsdPerMtok().toPlainString(), price.cacheWriteUsdPerMtok().toPlainString());
    }

    static Instant instant(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadUsageException(option + ": not an ISO-8601 time with an offset, such as 2026-12-01T00:00:00Z: "
                    + text);
        }
    }
}
