package io.gaara.application.port.out.persistence;

import io.gaara.domain.FailedTokenUse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How many failed token uses of one kind came from one client address in one minute, and when the first and the last of
 * them happened. {@link #OVERFLOW_IP} stands for the addresses past an instance's bound on distinct addresses.
 */
public record FailedTokenUseCount(
        Instant minute, String clientIp, FailedTokenUse kind, long count, Instant firstSeen, Instant lastSeen) {
    /** The address of a count that gathers every address past the bound (no real address is spelt so). */
    public static final String OVERFLOW_IP = "*";

    public FailedTokenUseCount {
        Objects.requireNonNull(minute, "minute");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (!minute.truncatedTo(ChronoUnit.MINUTES).equals(minute)) {
            throw new IllegalArgumentException("minute must be a whole minute");
        }
        if (clientIp.isEmpty()) {
            throw new IllegalArgumentException("clientIp must not be empty");
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive");
        }
        if (firstSeen.isBefore(minute) || lastSeen.isBefore(firstSeen) || !lastSeen.isBefore(minute.plusSeconds(60))) {
            throw new IllegalArgumentException("first and last seen must be in order, within the minute");
        }
    }
}
