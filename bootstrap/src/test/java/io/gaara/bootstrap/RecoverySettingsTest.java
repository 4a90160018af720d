package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import io.gaara.domain.RecoveryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Links in emails and the proof of addresses, as configured: defaults per environment, bounds, clear errors. */
class RecoverySettingsTest {
    private static Map<String, String> production(Map<String, String> more) {
        return TestServers.production(more);
    }

    @Test
    void givenNothingSet_whenRead_thenProofRequiredInProductionOnlyAndLinksLastTheirDefaults() {
        RecoveryPolicy development = Settings.from(Map.of()).recovery();
        RecoveryPolicy productionPolicy = Settings.from(production(Map.of())).recovery();

        assertThat(development.requireVerifiedEmail()).isFalse();
        assertThat(productionPolicy.requireVerifiedEmail()).isTrue();
        assertThat(productionPolicy.verifyTokenTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(productionPolicy.resetTokenTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void givenEachSet_whenRead_thenTaken() {
        RecoveryPolicy policy = Settings.from(
                        production(Map.of("GAARA_REQUIRE_VERIFIED_EMAIL", "false", "GAARA_EMAIL_VERIFY_TTL", "2h")))
                .recovery();
        RecoveryPolicy development =
                Settings.from(Map.of("GAARA_REQUIRE_VERIFIED_EMAIL", "true")).recovery();

        assertThat(policy.requireVerifiedEmail()).isFalse();
        assertThat(policy.verifyTokenTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(development.requireVerifiedEmail()).isTrue();
    }

    @Test
    void givenBadValues_whenRead_thenConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_REQUIRE_VERIFIED_EMAIL", "yes please")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_REQUIRE_VERIFIED_EMAIL");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_EMAIL_VERIFY_TTL", "30d")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_EMAIL_VERIFY_TTL")
                .hasMessageContaining("and 7d");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_EMAIL_VERIFY_TTL", "1m")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_EMAIL_VERIFY_TTL must be between 5m and 7d");
    }
}
