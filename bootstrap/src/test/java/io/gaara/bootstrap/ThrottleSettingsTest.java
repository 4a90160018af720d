package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.domain.ThrottlePolicy.Backoff;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GAARA_LOGIN_THROTTLE_* and GAARA_REGISTER_LIMIT_*: documented defaults, every knob read, bad values refused. */
class ThrottleSettingsTest {

    @Test
    void givenNothingSet_whenRead_thenTheDocumentedDefaults() {
        assertThat(Settings.from(Map.of()).throttle()).isEqualTo(ThrottlePolicy.DEFAULT);
    }

    @Test
    void givenEveryVariable_whenRead_thenEachLandsWhereItSays() {
        ThrottlePolicy policy = Settings.from(Map.ofEntries(
                        Map.entry("GAARA_LOGIN_THROTTLE_ENABLED", "TRUE"),
                        Map.entry("GAARA_LOGIN_THROTTLE_FIRST_WAIT", "500ms"),
                        Map.entry("GAARA_LOGIN_THROTTLE_ACCOUNT_IP_FREE_FAILURES", "3"),
                        Map.entry("GAARA_LOGIN_THROTTLE_ACCOUNT_IP_MAX_WAIT", "10m"),
                        Map.entry("GAARA_LOGIN_THROTTLE_ACCOUNT_FREE_FAILURES", "30"),
                        Map.entry("GAARA_LOGIN_THROTTLE_ACCOUNT_MAX_WAIT", "2m"),
                        Map.entry("GAARA_LOGIN_THROTTLE_IP_FREE_FAILURES", "0"),
                        Map.entry("GAARA_LOGIN_THROTTLE_IP_MAX_WAIT", "1h"),
                        Map.entry("GAARA_LOGIN_THROTTLE_FORGET_AFTER", "1d"),
                        Map.entry("GAARA_REGISTER_LIMIT_ENABLED", "false"),
                        Map.entry("GAARA_REGISTER_LIMIT_PER_IP", "25"),
                        Map.entry("GAARA_REGISTER_LIMIT_WINDOW", "30m")))
                .throttle();

        Duration first = Duration.ofMillis(500);
        assertThat(policy.login().enabled()).isTrue();
        assertThat(policy.login().accountFromIp()).isEqualTo(new Backoff(3, first, Duration.ofMinutes(10)));
        assertThat(policy.login().account()).isEqualTo(new Backoff(30, first, Duration.ofMinutes(2)));
        assertThat(policy.login().ip()).isEqualTo(new Backoff(0, first, Duration.ofHours(1)));
        assertThat(policy.login().forgetAfter()).isEqualTo(Duration.ofDays(1));
        assertThat(policy.register().enabled()).isFalse();
        assertThat(policy.register().perWindow()).isEqualTo(25);
        assertThat(policy.register().window()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void givenTheSwitchOff_whenRead_thenLoginThrottlingIsOff() {
        assertThat(Settings.from(Map.of("GAARA_LOGIN_THROTTLE_ENABLED", "false"))
                        .throttle()
                        .login()
                        .enabled())
                .isFalse();
    }

    @Test
    void givenBadValues_whenRead_thenStartupFailsNamingTheVariableAndTheRule() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_LOGIN_THROTTLE_ENABLED", "yes")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_LOGIN_THROTTLE_ENABLED")
                .hasMessageContaining("true or false");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_LOGIN_THROTTLE_ACCOUNT_FREE_FAILURES", "-1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_LOGIN_THROTTLE_ACCOUNT_FREE_FAILURES");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_LOGIN_THROTTLE_IP_MAX_WAIT", "2d")))
                .as("a two-day block is a lockout")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_LOGIN_THROTTLE_IP_MAX_WAIT");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_LOGIN_THROTTLE_FIRST_WAIT", "0s")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_LOGIN_THROTTLE_FIRST_WAIT");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_LOGIN_THROTTLE_FORGET_AFTER", "5m")))
                .as("forgotten while still blocking")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_LOGIN_THROTTLE_FORGET_AFTER");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_REGISTER_LIMIT_PER_IP", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_REGISTER_LIMIT_PER_IP");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_REGISTER_LIMIT_WINDOW", "soon")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_REGISTER_LIMIT_WINDOW");
    }
}
