package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresSettingsTest {

    @Test
    void givenPlatformStyleUrl_whenParsed_thenCredentialsMoveOutOfTheJdbcUrl() {
        PostgresSettings s =
                PostgresSettings.fromUrl("postgresql://gaara:p%40ss%3Aword@db.internal:6543/auth?sslmode=require", 5);

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/auth?sslmode=require");
        assertThat(s.user()).isEqualTo("gaara");
        assertThat(s.password()).isEqualTo("p@ss:word");
    }

    @Test
    void givenJdbcUrlWithCredentialParameters_whenParsed_thenTheyAreTakenOut() {
        PostgresSettings s = PostgresSettings.fromUrl(
                "jdbc:postgresql://h:5432/db?user=app&password=hunter2&sslmode=verify-full", 3);

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?sslmode=verify-full");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("hunter2");
    }

    @Test
    void givenPassword_whenPrinted_thenRedacted() {
        PostgresSettings s = new PostgresSettings("jdbc:postgresql://h/db", "app", "hunter2", 3);

        assertThat(s.toString()).doesNotContain("hunter2").contains("redacted");
    }

    @Test
    void givenJdbcUrlCarryingAPassword_whenConstructedDirectly_thenRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new PostgresSettings("jdbc:postgresql://h/db?password=hunter2", "app", null, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void givenUrlsWithSecrets_whenRedacted_thenNoSecretRemains() {
        assertThat(PostgresSettings.redact("postgresql://app:hunter2@h/db")).isEqualTo("postgresql://h/db");
        assertThat(PostgresSettings.redact("jdbc:postgresql://h/db?ssl=true&password=hunter2&x=1"))
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&password=redacted&x=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sslpassword", "SSLPassword", "password", "PASSWORD", "x-password-hint", "user"})
    void givenAnyParameterNamingAPassword_whenRedacted_thenItsValueIsGone(String name) {
        assertThat(PostgresSettings.redact("jdbc:postgresql://h/db?sslmode=verify-full&" + name + "=hunter2&x=1"))
                .isEqualTo("jdbc:postgresql://h/db?sslmode=verify-full&" + name + "=redacted&x=1");
        assertThat(PostgresSettings.redact("jdbc:postgresql://h/db?" + name + "=hunter2"))
                .isEqualTo("jdbc:postgresql://h/db?" + name + "=redacted");
    }

    @ParameterizedTest
    @CsvSource({
        "'', prefer",
        "sslmode=require, require",
        "ssl=true, verify-full",
        "ssl=true&sslmode=require, require",
        "sslmode=verify-ca, verify-ca",
    })
    void givenTlsParameters_whenAskedForTheSslMode_thenTheDriversOwnReading(String query, String mode) {
        PostgresSettings s =
                PostgresSettings.fromUrl("postgresql://app@db/auth" + (query.isEmpty() ? "" : "?" + query), 3);

        assertThat(s.sslMode()).isEqualTo(mode);
    }

    @Test
    void givenSslPasswordInTheUrl_whenParsed_thenKeptForTheDriverButNeverPrinted() {
        PostgresSettings s = PostgresSettings.fromUrl(
                "postgresql://app:pw@db/auth?sslmode=verify-full&sslkey=/k.p12&sslpassword=hunter2", 3);

        assertThat(s.jdbcUrl()).contains("sslpassword=hunter2");
        assertThat(s.redactedJdbcUrl())
                .isEqualTo(
                        "jdbc:postgresql://db:5432/auth?sslmode=verify-full&sslkey=/k.p12" + "&sslpassword=redacted");
        assertThat(s.toString()).doesNotContain("hunter2");
    }

    /**
     * Found by DatabaseSecretFuzzTest and ConfigFuzzTest: java.net.URI reads no host from an authority with an '_' or
     * an unencoded '@' or '/' in the password, and the host became "null" followed by the rest of the URL, password
     * fragments included, in a JDBC URL that is logged at startup.
     */
    @Test
    void givenPasswordWithAnUnencodedSlash_whenParsed_thenRefusedRatherThanCutIntoALoggedUrl() {
        assertThatThrownBy(() -> PostgresSettings.fromUrl("postgresql://app:hunter/2@db/gaara?user=ops", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("hunter");
    }

    @Test
    void givenHostNameWithAnUnderscore_whenParsed_thenHostAndCredentialsKept() {
        PostgresSettings s = PostgresSettings.fromUrl("postgresql://app:pw@gaara_db:5433/auth", 3);

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://gaara_db:5433/auth");
        assertThat(s.user()).isEqualTo("app");
        assertThat(s.password()).isEqualTo("pw");
    }

    @Test
    void givenPasswordWithAnUnencodedAt_whenParsed_thenTheLastAtEndsTheUserInfo() {
        PostgresSettings s = PostgresSettings.fromUrl("postgresql://app:p@ss@db/auth", 3);

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/auth");
        assertThat(s.password()).isEqualTo("p@ss");
    }

    @Test
    void givenJdbcUrlWithUserInfoTheRedactionPatternMisses_whenParsed_thenRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> PostgresSettings.fromUrl("jdbc:postgresql://app:hunter/2@db/gaara?user=app", 3))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("hunter");
    }

    /**
     * Found by ConfigFuzzTest: with an unencoded '@' and then '?' in the password, java.net.URI reads the user-info up
     * to the first '@' and the rest of the password as the query, which went into the logged JDBC URL.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://app:p@ss?hunter2@db/gaara",
                "postgresql://app:12/hunter2@db/gaara?user=app",
            })
    void givenPasswordCutShortByAnUnencodedDelimiter_whenParsed_thenRefusedWithoutItsRest(String url) {
        assertThatThrownBy(() -> PostgresSettings.fromUrl(url, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("hunter2");
    }
}
