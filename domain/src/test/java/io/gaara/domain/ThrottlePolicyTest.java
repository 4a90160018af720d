package io.gaara.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.domain.ThrottlePolicy.Backoff;
import io.gaara.domain.ThrottlePolicy.LoginLimits;
import io.gaara.domain.ThrottlePolicy.RegisterLimit;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ThrottlePolicyTest {
    private final Backoff fiveFree = new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(15));

    @Test
    void givenFailuresWithinTheFreeOnes_whenAsked_thenNoWait() {
        for (int failures = 0; failures <= 5; failures++) {
            assertThat(fiveFree.waitAfter(failures)).as("after %d", failures).isZero();
        }
    }

    @Test
    void givenFailuresPastTheFreeOnes_whenAsked_thenTheWaitDoublesFromTheFirstUpToTheCap() {
        assertThat(fiveFree.waitAfter(6)).isEqualTo(Duration.ofSeconds(1));
        assertThat(fiveFree.waitAfter(7)).isEqualTo(Duration.ofSeconds(2));
        assertThat(fiveFree.waitAfter(8)).isEqualTo(Duration.ofSeconds(4));
        assertThat(fiveFree.waitAfter(15)).isEqualTo(Duration.ofSeconds(512));
        assertThat(fiveFree.waitAfter(16)).as("1,024 s capped").isEqualTo(Duration.ofMinutes(15));
        assertThat(fiveFree.waitAfter(1_000)).isEqualTo(Duration.ofMinutes(15));
        assertThat(fiveFree.waitAfter(Long.MAX_VALUE)).as("no overflow").isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void givenAFirstWaitWithManyBits_whenDoubledPastLongRange_thenCappedNotWrapped() {
        Backoff big = new Backoff(0, Duration.ofHours(23), Backoff.MAX_WAIT);
        for (long failures = 1; failures < 200; failures++) {
            assertThat(big.waitAfter(failures))
                    .as("after %d", failures)
                    .isBetween(Duration.ofHours(23), Backoff.MAX_WAIT);
        }
    }

    @Test
    void givenNoFreeFailures_whenTheFirstFails_thenTheFirstWaitAtOnce() {
        assertThat(new Backoff(0, Duration.ofMillis(250), Duration.ofSeconds(1)).waitAfter(1))
                .isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void givenTheDefaults_thenTheAccountScopeCapsLowSoItsOwnerIsNeverHeldLong() {
        LoginLimits defaults = LoginLimits.DEFAULT;
        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.accountFromIp().freeFailures()).isEqualTo(5);
        assertThat(defaults.account().freeFailures()).isEqualTo(20);
        assertThat(defaults.account().maxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.ip().freeFailures()).isEqualTo(100);
        assertThat(defaults.forgetAfter()).isEqualTo(Duration.ofHours(12));
        assertThat(RegisterLimit.DEFAULT.perWindow()).isEqualTo(10);
        assertThat(RegisterLimit.DEFAULT.window()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void givenTheNestedDefaultsTouchedFirst_whenTheOuterDefaultsAreRead_thenNothingIsNull() throws Exception {
        // in a class loader of its own, so the order of first use is this test's: configuration reads
        // LoginLimits.DEFAULT before anything touches ThrottlePolicy
        URL classes = ThrottlePolicy.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader fresh = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> limits = Class.forName(LoginLimits.class.getName(), true, fresh);
            assertThat(limits.getField("DEFAULT").get(null)).isNotNull();
            Class<?> policy = Class.forName(ThrottlePolicy.class.getName(), true, fresh);
            Object defaults = policy.getField("DEFAULT").get(null);
            assertThat(policy.getMethod("login").invoke(defaults)).isNotNull();
            assertThat(policy.getMethod("register").invoke(defaults)).isNotNull();
        }
    }

    @Test
    void givenOutOfRangeValues_whenBuilt_thenRefusedWithTheRule() {
        assertThatThrownBy(() -> new Backoff(-1, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("free failures");
        assertThatThrownBy(() -> new Backoff(1, Duration.ZERO, Duration.ofSeconds(2)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("first wait");
        assertThatThrownBy(() -> new Backoff(1, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("longest wait");
        assertThatThrownBy(() -> new Backoff(1, Duration.ofSeconds(1), Duration.ofDays(2)))
                .as("a day-long block is a lockout in all but name")
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new RegisterLimit(true, 0, Duration.ofHours(1)))
                .isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new RegisterLimit(true, 10, Duration.ZERO)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void givenFailuresForgottenBeforeTheLongestWaitEnds_whenBuilt_thenRefused() {
        Backoff long15m = new Backoff(5, Duration.ofSeconds(1), Duration.ofMinutes(15));
        assertThatThrownBy(() -> new LoginLimits(true, long15m, long15m, long15m, Duration.ofMinutes(10)))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("900 s");
    }
}
