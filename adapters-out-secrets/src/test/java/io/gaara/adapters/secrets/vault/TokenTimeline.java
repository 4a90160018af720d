package io.gaara.adapters.secrets.vault;

import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;

/**
 * Moves a hand-driven clock forward and runs the Vault token's maintenance each time it falls due, at that instant, as
 * the background thread would: days of renewals and logins pass in a second.
 */
final class TokenTimeline {
    private final MutableClock clock;
    private final VaultConnection connection;
    private int maintenanceRuns;

    TokenTimeline(MutableClock clock, VaultConnection connection) {
        this.clock = clock;
        this.connection = connection;
    }

    /** Lets {@code span} pass, maintaining the token whenever it is due within it. */
    void advance(Duration span) {
        Instant end = clock.instant().plus(span);
        int guard = 0;
        while (true) {
            Instant due = connection.tokenDue();
            if (due == null || due.isAfter(end)) {
                break;
            }
            if (due.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), due));
            }
            connection.maintainToken();
            maintenanceRuns++;
            if (++guard > 100_000) {
                throw new AssertionError("token maintenance keeps falling due at " + due);
            }
        }
        if (end.isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), end));
        }
    }

    int maintenanceRuns() {
        return maintenanceRuns;
    }

    Instant now() {
        return clock.instant();
    }
}
