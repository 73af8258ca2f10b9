package dev.tally.persistence.postgres.internal;

import java.util.UUID;

/** A "user" row; timezone NULL when none is set. */
record UserProfileRow(UUID id, String email, String name, String timezone) {
}
