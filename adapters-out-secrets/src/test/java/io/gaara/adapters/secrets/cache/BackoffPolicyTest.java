package io.gaara.adapters.secrets.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The backoff on its own: the doubling and the cap are in CachingSecretStoreTest, through the cache. */
class BackoffPolicyTest {
    private static BackoffPolicy backoff(double jitter) {
        return new BackoffPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), new Jitter(() -> jitter));
    }

    @Test
    void givenJitterAtItsLowEnd_whenDelayed_thenHalfOfTheDoubledDelay() {
        assertThat(backoff(0.0).delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff(0.0).delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff(0.0).delay(1_000)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void givenJitterOutsideZeroToOneOrNaN_whenDelayed_thenClampedAndNaNTakenAsTheMiddle() {
        assertThat(backoff(-3.0).delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff(7.0).delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff(Double.NaN).delay(1)).isEqualTo(Duration.ofMillis(750));
    }

    @Test
    void givenInitialDelayThatWouldOverflowWhenDoubled_whenManyFailures_thenTheCapNotANegativeDelay() {
        Duration maximum = Duration.ofNanos(Long.MAX_VALUE);
        BackoffPolicy huge = new BackoffPolicy(Duration.ofNanos(1L << 40), maximum, new Jitter(() -> 1.0));

        assertThat(huge.delay(30)).isEqualTo(maximum);
        assertThat(huge.delay(Integer.MAX_VALUE)).isEqualTo(maximum);
    }
}
