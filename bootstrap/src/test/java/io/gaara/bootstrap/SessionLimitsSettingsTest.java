package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.persistence.RetentionSettings;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import io.gaara.domain.SessionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GAARA_SESSIONS_MAX_PER_USER and the retention settings: documented defaults, every variable read, a value out of
 * range refused naming the variable, and the process exiting 2 for it, as for any configuration error.
 */
class SessionLimitsSettingsTest {

    @Test
    void givenNothingSet_whenRead_thenTheDocumentedDefaults() {
        Settings settings = Settings.from(Map.of());

        assertThat(settings.sessionPolicy().maxPerUser()).isEqualTo(100);
        assertThat(settings.retention()).isEqualTo(RetentionSettings.defaults());
        assertThat(settings.retention().sessions()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.retention().audit()).isEqualTo(Duration.ofDays(365));
        assertThat(settings.retention().secretAccess()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.retention().interval()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.retention().batchSize()).isEqualTo(1_000);
    }

    @Test
    void givenEveryVariable_whenRead_thenEachLandsWhereItSays() {
        Settings settings = Settings.from(Map.of(
                "GAARA_SESSIONS_MAX_PER_USER", "5",
                "GAARA_SESSION_IDLE_TIMEOUT", "1h",
                "GAARA_SESSION_RETENTION", "7d",
                "GAARA_AUDIT_RETENTION", "730d",
                "GAARA_SECRET_ACCESS_RETENTION", "30d",
                "GAARA_PURGE_INTERVAL", "15m",
                "GAARA_PURGE_BATCH_SIZE", "500"));

        assertThat(settings.sessionPolicy().maxPerUser()).isEqualTo(5);
        assertThat(settings.sessionPolicy().idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.retention())
                .isEqualTo(new RetentionSettings(
                        Duration.ofDays(7), Duration.ofDays(730), Duration.ofDays(30), Duration.ofMinutes(15), 500));
    }

    @ParameterizedTest
    @CsvSource({
        "GAARA_SESSIONS_MAX_PER_USER, 0",
        "GAARA_SESSIONS_MAX_PER_USER, 10001",
        "GAARA_SESSIONS_MAX_PER_USER, many",
        "GAARA_SESSION_RETENTION, 12h",
        "GAARA_SESSION_RETENTION, 3651d",
        "GAARA_AUDIT_RETENTION, 0s",
        "GAARA_SECRET_ACCESS_RETENTION, forever",
        "GAARA_PURGE_INTERVAL, 30s",
        "GAARA_PURGE_INTERVAL, 2d",
        "GAARA_PURGE_BATCH_SIZE, 9",
        "GAARA_PURGE_BATCH_SIZE, 10001",
    })
    void givenAValueOutOfRange_whenRead_thenRefusedNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> Settings.from(Map.of(name, value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(name);
    }

    @Test
    void givenACapOutOfRange_whenTheProcessStarts_thenItExitsTwoWithTheMessageAndNoStackTrace(@TempDir Path workDir)
            throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), Gaara.class.getName())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("out.log").toFile());
        Map<String, String> env = new HashMap<>(builder.environment());
        env.keySet().removeIf(k -> k.startsWith("GAARA_") || k.startsWith("JWT_") || k.equals("ENVIRONMENT"));
        env.put("GAARA_SESSIONS_MAX_PER_USER", "0");
        env.put("GAARA_DATA_DIR", workDir.resolve("data").toString());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        String output = Files.readString(workDir.resolve("out.log"));
        assertThat(process.exitValue()).as(output).isEqualTo(Gaara.EXIT_CONFIGURATION);
        assertThat(output)
                .contains("GAARA_SESSIONS_MAX_PER_USER must be between 1 and " + SessionPolicy.MAX_MAX_PER_USER)
                .doesNotContain("\tat ");
    }
}
