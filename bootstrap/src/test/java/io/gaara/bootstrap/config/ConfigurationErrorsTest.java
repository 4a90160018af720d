package io.gaara.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
