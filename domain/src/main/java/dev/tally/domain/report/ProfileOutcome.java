package dev.tally.domain.report;

import java.util.Objects;

/** How a request about the caller's own profile ended. */
public sealed interface ProfileOutcome permits ProfileOutcome.Found, ProfileOutcome.Rejected, ProfileOutcome.UnknownUser {

    /**
     * The profile, and the timezone the caller's reports use when they name none: the stored
     * one if it is accepted, else UTC.
     */
    record Found(UserProfile profile, ViewingTimezone reportTimezone) implements ProfileOutcome {

        public Found {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(reportTimezone, "reportTimezone");
        }
    }

    /** A field of the change is not accepted; the message names it. */
    record Rejected(String field, String message) implements ProfileOutcome {

        public Rejected {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The caller's user no longer exists (deleted after the token was checked). */
    record UnknownUser() implements ProfileOutcome {
    }
}
