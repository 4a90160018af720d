package io.gaara.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values ConfigFuzzTest found to escape as another exception than the one startup turns into exit 2 and a message. */
class ConfigurationErrorsTest {

    /** Path.of threw InvalidPathException, whose message repeats the value, and startup printed a stack trace. */
    @Test
    void givenDataDirWithANulCharacter_whenRead_thenConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_DATA_DIR", "/var/lib/gaara\u0000x")))
                .isExactlyInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("GAARA_DATA_DIR ")
                .hasMessageNotContaining("/var/lib/gaara");
    }

    /**
     * AwsSecretsSettings refused the prefix with an IllegalArgumentException that nothing caught: exit 1 and a stack
     * trace (found walking the settings for ConfigurationBoundsTest).
     */
    @Test
    void givenAnAwsPrefixSecretsManagerWouldRefuse_whenBackendsOpen_thenConfigurationErrorNamingTheVariable() {
        Map<String, String> config = Map.of("GAARA_SECRETS_BACKEND", "aws", "GAARA_SECRETS_PREFIX", "gaara prod/");
        assertThatThrownBy(() -> SecretBackends.open(Settings.from(config), config, config, Path.of(".")))
                .isExactlyInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("GAARA_SECRETS_PREFIX");
    }
}
