package io.gaara.application.port.out.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One trip to a secrets backend. {@code versionId} is null when nothing was read; {@code detail} is a short code (an
 * exception class name, {@code absent}, ...), never a value.
 */
public record SecretAccessEvent(
        Instant occurredAt,
        Kind kind,
        String name,
        String backend,
        String versionId,
        String cacheOutcome,
        Duration latency,
        String detail) {

    public enum Kind {
        /** First read of a name, or a read after the cache had nothing usable. */
        FETCH,
        /** A background or explicit re-read of a cached name. */
        REFRESH,
        /** The backend failed; the cache may be serving the last good value. */
        FAILURE,
        /** A refresh returned a different version than the one cached. */
        ROTATION_DETECTED
    }

    public SecretAccessEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(latency, "latency");
    }
}
