package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.testsupport.CapturedLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseSecretTest {

    @Test
    void givenRdsRotationJson_whenParsed_thenJdbcUrlWithOptionsAndSeparateCredentials() {
        Secret rds = new Secret(
                "DATABASE_URL",
                "v1",
                "{\"engine\":\"postgres\",\"host\":\"db.internal\",\"port\":6432,"
                        + "\"username\":\"gaara\",\"password\":\"s3cr\\\"et\",\"dbname\":\"auth\"}");
        var settings = DatabaseSecret.parse(rds, 5, "sslmode=verify-full");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/auth?sslmode=verify-full");
        assertThat(settings.user()).isEqualTo("gaara");
        assertThat(settings.password()).isEqualTo("s3cr\"et");
    }

    @Test
    void givenUrlForm_whenParsed_thenCredentialsTakenOutOfTheUrl() {
        var settings =
                DatabaseSecret.parse(new Secret("DATABASE_URL", "v1", "postgresql://app:pa%40ss@db:5432/gaara"), 5);
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/gaara");
        assertThat(settings.password()).isEqualTo("pa@ss");
    }

    @Test
    void givenUrlFormAndOptions_whenParsed_thenOptionsAddedWhereTheUrlSetsNothingItself() {
        var settings = DatabaseSecret.parse(
                new Secret("DATABASE_URL", "v1", "postgresql://app:pw@db:5432/gaara?sslmode=verify-ca"),
                5,
                "sslmode=verify-full&sslrootcert=/etc/gaara/db-ca.pem");

        assertThat(settings.jdbcUrl())
                .isEqualTo("jdbc:postgresql://db:5432/gaara?sslmode=verify-ca&sslrootcert=/etc/gaara/db-ca.pem");
        assertThat(settings.sslMode()).isEqualTo("verify-ca");
        assertThat(settings.parameter("sslrootcert")).isEqualTo("/etc/gaara/db-ca.pem");
    }

    @Test
    void givenGarbage_whenParsed_thenInvalidSecretErrorWithoutTheValue() {
        // bootstrap turns this into its ConfigurationException (exit code 2): see bootstrap's DatabaseConfigurationTest
        assertThatThrownBy(() ->
                        DatabaseSecret.parse(new Secret("DATABASE_URL", "v7", "{\"password\":\"hunter2hunter2\""), 5))
                .isInstanceOf(InvalidDatabaseSecretException.class)
                .hasMessageContaining("v7")
                .hasMessageNotContaining("hunter2");
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
    void givenUnusableCurrentVersion_whenCandidatesAsked_thenSkippedWithAWarningThatHidesItsValue() {
        InMemorySecretStore store = new InMemorySecretStore(Map.of("DATABASE_URL", "postgresql://app:one@db/gaara"));
        store.put("DATABASE_URL", "{\"password\":\"hunter2hunter2\"");

        try (CapturedLogs logs = CapturedLogs.of(DatabaseSecret.class.getName())) {
            var candidates = DatabaseSecret.credentials(store, name -> {}, 5).candidates();

            assertThat(candidates).extracting(c -> c.password()).containsExactly("one");
            assertThat(logs.allText()).contains("is unusable").doesNotContain("hunter2");
        }
    }

    /**
     * Found by DatabaseSecretFuzzTest: the JSON's fields were pasted into the JDBC URL as they came, so a host of
     * {@code _?jd} (or a port or name with a '?', '/' or '&') turned into driver parameters of the secret's choosing.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"host\":\"_?jd\",\"username\":\"u\",\"password\":\"p\"}",
                "{\"host\":\"db/x?socketFactory=y\",\"username\":\"u\",\"password\":\"p\"}",
                "{\"host\":\"db\",\"port\":\"5432/x?sslmode=disable\",\"username\":\"u\",\"password\":\"p\"}",
                "{\"host\":\"db\",\"port\":70000,\"username\":\"u\",\"password\":\"p\"}",
                "{\"host\":\"db\",\"username\":\"u\",\"password\":{\"not\":\"text\"}}",
            })
    void givenRdsJsonWhoseFieldsWouldChangeTheUrl_whenParsed_thenRefused(String json) {
        assertThatThrownBy(() -> DatabaseSecret.parse(new Secret("DATABASE_URL", "v1", json), 5))
                .isInstanceOf(InvalidDatabaseSecretException.class);
    }

    @Test
    void givenRdsJsonWithADatabaseNameTheDriverWouldDecode_whenParsed_thenNameEncodedIntoThePath() {
        String json = "{\"host\":\"my_db\",\"port\":5432,\"username\":\"u\",\"password\":\"p\","
                + "\"dbname\":\"a+b/c?d&e%\"}";

        var settings = DatabaseSecret.parse(new Secret("DATABASE_URL", "v1", json), 5, "sslmode=verify-full");

        assertThat(settings.jdbcUrl())
                .isEqualTo("jdbc:postgresql://my_db:5432/a%2Bb%2Fc%3Fd%26e%25?sslmode=verify-full");
    }
}
