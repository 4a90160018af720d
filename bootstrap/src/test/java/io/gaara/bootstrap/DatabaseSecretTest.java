package io.gaara.bootstrap;

import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseSecretTest {

    @Test
    void givenRdsRotationJson_whenParsed_thenJdbcUrlWithOptionsAndSeparateCredentials() {
        Secret rds = new Secret("DATABASE_URL", "v1",
                "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":6432,\"username\":\"gaara\",\"password\":\"s3cr\\\"et\",\"dbname\":\"auth\"}");
        var settings = DatabaseSecret.parse(rds, 5, "sslmode=verify-full");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/auth?sslmode=verify-full");
        assertThat(settings.user()).isEqualTo("gaara");
        assertThat(settings.password()).isEqualTo("s3cr\"et");
    }

    @Test
    void givenUrlForm_whenParsed_thenCredentialsTakenOutOfTheUrl() {
        var settings = DatabaseSecret.parse(new Secret("DATABASE_URL", "v1", "postgresql://app:pa%40ss@db:5432/gaara"), 5);
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/gaara");
        assertThat(settings.password()).isEqualTo("pa@ss");
    }

    @Test
    void givenGarbage_whenParsed_thenConfigurationErrorWithoutTheValue() {
        assertThatThrownBy(() -> DatabaseSecret.parse(new Secret("DATABASE_URL", "v7", "{\"password\":\"hunter2hunter2\""), 5))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("v7").hasMessageNotContaining("hunter2");
    }

    @Test
    void givenRotationInProgress_whenCandidatesAsked_thenRefreshedThenCurrentPendingPreviousInOrder() {
        InMemorySecretStore store = new InMemorySecretStore(Map.of("DATABASE_URL", "postgresql://app:one@db/gaara"));
        store.put("DATABASE_URL", "postgresql://app:two@db/gaara");
        store.stagePending("DATABASE_URL", "postgresql://app:three@db/gaara");
        List<String> refreshed = new ArrayList<>();

        var candidates = DatabaseSecret.credentials(store, refreshed::add, 5).candidates();

        assertThat(refreshed).containsExactly("DATABASE_URL");
        assertThat(candidates).extracting(c -> c.password()).containsExactly("two", "three", "one");
    }

    @Test
    void givenOptionsWithCredentials_whenSettingsRead_thenRefused() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_DATABASE_OPTIONS", "sslmode=require&password=x")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("credentials");
        assertThat(Settings.from(Map.of("GAARA_DATABASE_OPTIONS", "sslmode=verify-full&sslrootcert=/etc/ssl/rds.pem")).database().secretOptions())
                .isEqualTo("sslmode=verify-full&sslrootcert=/etc/ssl/rds.pem");
    }
}
