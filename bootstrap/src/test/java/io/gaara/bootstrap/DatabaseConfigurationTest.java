package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How bootstrap reads the database settings; the DATABASE_URL secret itself is parsed (and tested) in persistence. */
class DatabaseConfigurationTest {

    @Test
    void givenOptionsWithCredentials_whenSettingsRead_thenRefused() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_DATABASE_OPTIONS", "sslmode=require&password=x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials");
        assertThat(Settings.from(Map.of("GAARA_DATABASE_OPTIONS", "sslmode=verify-full&sslrootcert=/etc/ssl/rds.pem"))
                        .database()
                        .secretOptions())
                .isEqualTo("sslmode=verify-full&sslrootcert=/etc/ssl/rds.pem");
    }

    @Test
    void givenGarbageDatabaseSecret_whenStarted_thenConfigurationErrorWithoutTheValue(@TempDir Path dataDir) {
        Settings production = Settings.from(
                TestServers.production(Map.of("GAARA_DATA_DIR", dataDir.toString(), "GAARA_SECRETS_BACKEND", "env")));
        var secrets = new EnvironmentSecretStore(Map.of(
                "JWT_SECRET_KEY", "production-access-key-0123456789-abcdefghij",
                "JWT_REFRESH_SECRET_KEY", "production-refresh-key-0123456789-abcdefghij",
                "DATABASE_URL", "{\"password\":\"hunter2hunter2\""));

        assertThatThrownBy(() -> GaaraServer.start(production, secrets, Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL version")
                .hasMessageNotContaining("hunter2");
    }
}
