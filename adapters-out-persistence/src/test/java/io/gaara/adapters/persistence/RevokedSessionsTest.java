package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.domain.SessionId;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The revoked set alone, on a clock the test moves: no database, no listener. */
class RevokedSessionsTest {
    private static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final Duration RETENTION = LIFETIME.plus(RevokedSessions.CLOCK_SKEW);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    private final RevokedSessions revoked = new RevokedSessions(LIFETIME, clock);

    @Test
    void givenSessionRevokedTwice_whenEarlierRevocationRememberedLast_thenLaterOneStillDecidesHowLongItIsKept() {
        SessionId id = SessionId.random();
        Instant later = clock.instant().plusSeconds(30);

        revoked.remember(id, later);
        revoked.remember(id, clock.instant());
        clock.advance(RETENTION.plusSeconds(10));

        assertThat(revoked.contains(id)).isTrue();
        clock.advance(Duration.ofSeconds(21));
        assertThat(revoked.contains(id)).isFalse();
    }

    @Test
    void givenNotificationStampedOnArrival_whenRetentionPasses_thenForgottenAndOlderThanTheResyncWindow() {
        SessionId id = SessionId.random();
        Instant arrived = clock.instant();

        revoked.rememberNow(id);

        assertThat(revoked.contains(id)).isTrue();
        clock.advance(RETENTION);
        assertThat(revoked.contains(id)).isFalse();
        assertThat(revoked.oldestKept()).isEqualTo(arrived);
    }
}
