package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration a deployment can get wrong without noticing, refused at startup with a message that says why. */
class HardenedSettingsTest {
    private static Map<String, String> production(Map<String, String> more) {
        return TestServers.production(more);
    }

    @Test
    void givenDevelopmentModeOnANetworkAddress_whenRead_thenRefusedUnlessAllowedKnowingly() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_HTTP_HOST", "0.0.0.0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ENVIRONMENT=production")
                .hasMessageContaining("GAARA_DEV_ALLOW_NETWORK");

        assertThat(Settings.from(Map.of("GAARA_HTTP_HOST", "0.0.0.0", "GAARA_DEV_ALLOW_NETWORK", "true"))
                        .http()
                        .host())
                .isEqualTo("0.0.0.0");
        assertThat(Settings.from(Map.of("GAARA_HTTP_HOST", "localhost")).http().host())
                .isEqualTo("localhost");
        assertThat(Settings.from(Map.of("GAARA_HTTP_HOST", "::1")).http().host())
                .isEqualTo("::1");
        assertThat(Settings.from(production(Map.of())).http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void givenArgon2BelowOwaspsMinimum_whenReadInProduction_thenRefusedButAllowedInDevelopment() {
        Map<String, String> weak = Map.of("GAARA_ARGON2_MEMORY_KIB", "19455", "GAARA_ARGON2_ITERATIONS", "2");

        assertThatThrownBy(() -> Settings.from(production(weak)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("19456");
        assertThat(Settings.from(weak)).isNotNull();
        assertThat(Settings.from(
                        production(Map.of("GAARA_ARGON2_MEMORY_KIB", "47104", "GAARA_ARGON2_ITERATIONS", "1"))))
                .isNotNull();
        assertThat(Settings.from(production(Map.of("GAARA_ARGON2_MEMORY_KIB", "8192", "GAARA_ARGON2_ITERATIONS", "6"))))
                .isNotNull();
        assertThatThrownBy(() -> Settings.from(
                        production(Map.of("GAARA_ARGON2_MEMORY_KIB", "12287", "GAARA_ARGON2_ITERATIONS", "3"))))
                .isInstanceOf(ConfigurationException.class);
    }
}
