package io.gaara.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.http.HttpSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The slow-client timeouts, the readiness cache and HSTS as configured: defaults, values, and bounds as exit 2. */
class HttpSettingsConfigTest {

    @Test
    void givenNothing_whenRead_thenDefaultTimeoutsOneSecondReadinessCacheAndNoHsts() {
        HttpSettings http = Settings.from(Map.of()).http();
        assertThat(http.timeouts()).isEqualTo(HttpSettings.ConnectionTimeouts.DEFAULT);
        assertThat(http.readinessCacheFor()).isEqualTo(Duration.ofSeconds(1));
        assertThat(http.hsts()).isEmpty();
    }

    @Test
    void givenValues_whenRead_thenTheyAreUsed() {
        HttpSettings http = Settings.from(Map.of(
                        "GAARA_HTTP_IDLE_TIMEOUT", "65s",
                        "GAARA_HTTP_HEADER_TIMEOUT", "5s",
                        "GAARA_HTTP_MIN_BODY_RATE", "512",
                        "GAARA_HTTP_READINESS_CACHE", "0s",
                        "GAARA_HTTP_HSTS_MAX_AGE", "8760h"))
                .http();
        assertThat(http.timeouts())
                .isEqualTo(new HttpSettings.ConnectionTimeouts(Duration.ofSeconds(65), Duration.ofSeconds(5), 512));
        assertThat(http.readinessCacheFor()).isZero();
        assertThat(http.hsts()).hasValue("max-age=31536000");
    }

    @ParameterizedTest
    @CsvSource({
        "GAARA_HTTP_IDLE_TIMEOUT, 500ms",
        "GAARA_HTTP_IDLE_TIMEOUT, 1h",
        "GAARA_HTTP_HEADER_TIMEOUT, 0s",
        "GAARA_HTTP_HEADER_TIMEOUT, 45s",
        "GAARA_HTTP_MIN_BODY_RATE, -1",
        "GAARA_HTTP_READINESS_CACHE, 11s",
        "GAARA_HTTP_HSTS_MAX_AGE, 17521h",
        "GAARA_HTTP_HSTS_MAX_AGE, soon"
    })
    void givenAnOutOfRangeValue_whenRead_thenAConfigurationErrorNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> Settings.from(Map.of(name, value)))
                .isExactlyInstanceOf(ConfigurationException.class)
                .hasMessageContaining(name);
    }
}
