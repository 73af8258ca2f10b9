package dev.tally.migrations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The {@code --migrate} flag every app takes, and what an app does with its schema at start. */
public final class SchemaOptions {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaOptions.class);

    @Option(names = "--migrate",
            description = "Apply pending schema migrations before starting (single-node set-ups, the quickstart). "
                    + "Without it, a schema that is behind stops the app with exit code 1.")
    boolean migrate;

    /** Migrates when asked to; otherwise refuses a schema that is behind, saying how to migrate. */
    public void prepare(Migrations migrations) {
        if (migrate) {
            LOG.info("applied {} migration(s); the schema is current", migrations.migrate());
        } else {
            migrations.requireCurrent();
        }
    }
}
