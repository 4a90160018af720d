package io.gaara.adapters.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How long dead rows are kept before the purge deletes them, and how it deletes them (docs/OPERATIONS.md, "Retention").
 *
 * @param sessions how long an ended session (revoked, or expired unrevoked) stays after it ended; an account's deleted
 *     sessions (tombstones) included. Whatever this is, a row stays until no refresh token of it can still verify.
 * @param audit how long an audit event stays after it happened
 * @param secretAccess how long a row of the secrets backend's access trail stays after it happened
 * @param interval how often each instance purges
 * @param batchSize rows deleted per statement (each its own short transaction)
 */
public record RetentionSettings(
        Duration sessions, Duration audit, Duration secretAccess, Duration interval, int batchSize) {
    public static final Duration MIN_RETENTION = Duration.ofDays(1);
    public static final Duration MAX_RETENTION = Duration.ofDays(3650);
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    public static final Duration MAX_INTERVAL = Duration.ofDays(1);
    public static final int MIN_BATCH = 10;
    public static final int MAX_BATCH = 10_000;

    public RetentionSettings {
        within("sessions", sessions, MIN_RETENTION, MAX_RETENTION);
        within("audit", audit, MIN_RETENTION, MAX_RETENTION);
        within("secretAccess", secretAccess, MIN_RETENTION, MAX_RETENTION);
        within("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        if (batchSize < MIN_BATCH || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "batch size must be between " + MIN_BATCH + " and " + MAX_BATCH + ", was " + batchSize);
        }
    }

    /** Sessions 30 days, audit events 365 days, secret accesses 90 days; hourly, 1,000 rows a statement. */
    public static RetentionSettings defaults() {
        return new RetentionSettings(
                Duration.ofDays(30), Duration.ofDays(365), Duration.ofDays(90), Duration.ofHours(1), 1_000);
    }

    private static void within(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}
