package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.domain.SessionId;
import io.gaara.testsupport.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void givenMoreRevocationsThanTheBound_whenChecked_thenEvictionsCountedAndMissesNoLongerProveLiveUntilTheyExpire() {
        RevokedSessions bounded = new RevokedSessions(LIFETIME, clock, 10);
        List<SessionId> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            SessionId id = SessionId.random();
            ids.add(id);
            bounded.remember(id, clock.instant());
        }
        bounded.cleanUp();

        assertThat(bounded.evictions()).isGreaterThanOrEqualTo(20);
        long held = ids.stream().filter(bounded::contains).count();
        assertThat(held).isLessThanOrEqualTo(10);
        assertThat(bounded.complete()).as("a miss may be an evicted revocation").isFalse();

        clock.advance(RETENTION.plusSeconds(1));
        assertThat(bounded.complete())
                .as("every evicted entry would have expired by now")
                .isTrue();
    }

    @Test
    void givenRevocationsWithinTheBound_whenChecked_thenTheSetIsCompleteAndNothingIsEvicted() {
        RevokedSessions bounded = new RevokedSessions(LIFETIME, clock, 10);
        for (int i = 0; i < 10; i++) {
            bounded.remember(SessionId.random(), clock.instant());
        }
        bounded.cleanUp();

        assertThat(bounded.evictions()).isZero();
        assertThat(bounded.complete()).isTrue();
    }

    @Test
    void givenTheServersMicrosecondTickClock_whenAskedIfComplete_thenAnswersWithoutDividingByZero() {
        // the server ticks its clock in microseconds; Clock.tick's millis() divides by zero for ticks under 1 ms
        RevokedSessions onServerClock =
                new RevokedSessions(LIFETIME, Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000)), 10);

        assertThat(onServerClock.complete()).isTrue();
    }
}
