package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Optional;

/** How a backfill run ended. */
public sealed interface BackfillOutcome permits BackfillOutcome.Finished, BackfillOutcome.Stopped {

    /** Every slice committed; {@code watermark} is present when the run covered everything and advanced it. */
    record Finished(int slicesRun, int slicesSkipped, long rawRows, long rowsWritten, long rowsDeleted,
            Optional<Instant> watermark) implements BackfillOutcome {
    }

    /** Stopped on request between slices; running the same request again resumes. */
    record Stopped(int slicesRun, int slicesLeft) implements BackfillOutcome {
    }
}
