package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.service.SecurityLogAggregator;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import io.gaara.bootstrap.config.Settings.SecurityLogSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GAARA_SECURITY_LOG_*: documented defaults, every knob read, values outside the bounds refused with the bounds. */
class SecurityLogSettingsTest {

    @Test
    void givenNothingSet_whenRead_thenTheDocumentedDefaults() {
        assertThat(Settings.from(Map.of()).securityLog())
                .isEqualTo(
                        new SecurityLogSettings(Duration.ofSeconds(10), new SecurityLogAggregator.Limits(10_000, 100)));
    }

    @Test
    void givenEveryVariable_whenRead_thenEachLandsWhereItSays() {
        assertThat(Settings.from(Map.of(
                                "GAARA_SECURITY_LOG_FLUSH_INTERVAL", "30s",
                                "GAARA_SECURITY_LOG_MAX_ADDRESSES", "500",
                                "GAARA_SECURITY_LOG_ALERT_THRESHOLD", "7"))
                        .securityLog())
                .isEqualTo(new SecurityLogSettings(Duration.ofSeconds(30), new SecurityLogAggregator.Limits(500, 7)));
    }

    @ParameterizedTest
    @CsvSource({
        "GAARA_SECURITY_LOG_FLUSH_INTERVAL, 500ms, between 1s and 60s",
        "GAARA_SECURITY_LOG_FLUSH_INTERVAL, 2m, between 1s and 60s",
        "GAARA_SECURITY_LOG_MAX_ADDRESSES, 99, between 100 and 1000000",
        "GAARA_SECURITY_LOG_MAX_ADDRESSES, 1000001, between 100 and 1000000",
        "GAARA_SECURITY_LOG_ALERT_THRESHOLD, 0, between 1 and 1000000",
        "GAARA_SECURITY_LOG_ALERT_THRESHOLD, lots, whole number",
    })
    void givenAValueOutOfBounds_whenRead_thenRefusedNamingTheVariableAndTheBounds(
            String name, String value, String expected) {
        assertThatThrownBy(() -> Settings.from(Map.of(name, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(expected);
    }
}
