package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Settings;
import io.gaara.testsupport.CapturedLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production connects to PostgreSQL over TLS that verifies the server (sslmode=verify-full) unless the operator accepts
 * less in so many words ({@code GAARA_DATABASE_TLS}); shown on a real PostgreSQL speaking TLS.
 */
class DatabaseTlsTest {
    private static final String ACCESS = "production-access-key-0123456789-abcdefghij";
    private static final String REFRESH = "production-refresh-key-0123456789-abcdefghij";
    private static Path directory;
    private static TlsPostgres postgres;

    @BeforeAll
    static void startTlsPostgres() throws Exception {
        directory = Files.createTempDirectory("gaara-tls-pg");
        postgres = TlsPostgres.start(directory);
    }

    @AfterAll
    static void stopTlsPostgres() throws Exception {
        postgres.close();
    }

    /** Production as an operator writes it: no override of the TLS requirement. */
    private static Map<String, String> production(Map<String, String> more) throws Exception {
        Map<String, String> config = TestServers.production(Map.of());
        config.remove("GAARA_DATABASE_TLS");
        config.put("GAARA_REQUIRE_VERIFIED_EMAIL", "false");
        config.put("GAARA_SECRETS_BACKEND", "env");
        config.put("GAARA_HTTP_HOST", "127.0.0.1");
        config.put("GAARA_HTTP_PORT", "0");
        config.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        config.put("GAARA_ARGON2_ITERATIONS", "5");
        config.put("GAARA_DATA_DIR", Files.createTempDirectory("gaara-tls").toString());
        config.putAll(more);
        return config;
    }

    private static GaaraServer start(Map<String, String> config) {
        return start(config, Map.of());
    }

    private static GaaraServer start(Map<String, String> config, Map<String, String> moreSecrets) {
        Map<String, String> secrets =
                new HashMap<>(Map.of("JWT_SECRET_KEY", ACCESS, "JWT_REFRESH_SECRET_KEY", REFRESH));
        secrets.putAll(moreSecrets);
        return GaaraServer.start(Settings.from(config), new EnvironmentSecretStore(secrets), Clock.systemUTC());
    }

    private static String verifyFull() {
        return "sslmode=verify-full&sslrootcert=" + postgres.certificate();
    }

    @Test
    void givenProductionAndAUrlThatDoesNotVerifyTheServer_whenStarted_thenRefusedNamingVariableReasonAndOverride()
            throws Exception {
        for (String query :
                new String[] {"", "sslmode=disable", "sslmode=allow", "sslmode=prefer", "sslmode=require"}) {
            Map<String, String> config = production(Map.of("GAARA_DATABASE_URL", postgres.url(query)));

            assertThatThrownBy(() -> start(config))
                    .as(query)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageStartingWith("GAARA_DATABASE_URL: sslmode=")
                    .hasMessageContaining("does not verify the database server's certificate")
                    .hasMessageContaining("requires sslmode=verify-full")
                    .hasMessageContaining("GAARA_DATABASE_TLS=insecure-allowed");
        }
    }

    @Test
    void givenProductionAndVerifyFull_whenStarted_thenServesWithEveryDatabaseConnectionOverTls() throws Exception {
        try (GaaraServer server = start(production(Map.of("GAARA_DATABASE_URL", postgres.url(verifyFull()))))) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            assertThat(api.register(email, "verified tls all the way").status()).isEqualTo(201);
            assertThat(api.login(email, "verified tls all the way").status()).isEqualTo(200);

            assertThat(postgres.gaaraConnectionsOverTls())
                    .as("the pool and the revocation listener")
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void givenVerifyFullWithACaThatDidNotSignTheServer_whenStarted_thenTheDriverRefusesTheServer(@TempDir Path other)
            throws Exception {
        Path strangerCa = other.resolve("stranger.crt");
        TlsPostgres.selfSigned(other, "127.0.0.1", strangerCa, other.resolve("stranger.key"));
        Map<String, String> config =
                production(Map.of("GAARA_DATABASE_URL", postgres.url("sslmode=verify-full&sslrootcert=" + strangerCa)));

        assertThat(causes(startFailure(config)))
                .as("the certificate really is checked")
                .anyMatch(t -> t instanceof SSLException);
    }

    @Test
    void givenTheDatabaseUrlSecretInUrlFormWithTlsFromOptions_whenStarted_thenServesOverVerifiedTls() throws Exception {
        Map<String, String> config = production(Map.of("GAARA_DATABASE_OPTIONS", verifyFull()));
        try (GaaraServer server = start(config, Map.of("DATABASE_URL", postgres.url("")))) {
            assertThat(new ApiClient(server.port()).get("/health/ready").status())
                    .isEqualTo(200);
            assertThat(postgres.gaaraConnectionsOverTls()).isGreaterThanOrEqualTo(2);
        }

        Map<String, String> withoutOptions = production(Map.of());
        assertThatThrownBy(() -> start(withoutOptions, Map.of("DATABASE_URL", postgres.url(""))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("the DATABASE_URL secret")
                .hasMessageContaining("sslmode=prefer");
    }

    @Test
    void givenTheInsecureOverride_whenStartedOnAPlainUrl_thenServesAndWarnsSayingWhatIsAtRisk() throws Exception {
        Map<String, String> config = production(Map.of(
                "GAARA_DATABASE_URL", postgres.url("sslmode=disable"), "GAARA_DATABASE_TLS", "insecure-allowed"));

        try (CapturedLogs logs = CapturedLogs.of(GaaraServer.class.getName());
                GaaraServer server = start(config)) {
            assertThat(new ApiClient(server.port()).get("/health/ready").status())
                    .isEqualTo(200);
            assertThat(logs.events())
                    .anyMatch(e -> e.getLevel().toString().equals("WARN")
                            && e.getFormattedMessage().contains("GAARA_DATABASE_URL: sslmode=disable")
                            && e.getFormattedMessage().contains("GAARA_DATABASE_TLS=insecure-allowed"));
        }
    }

    @Test
    void givenVerifyCa_whenStarted_thenAcceptedOnlyWhenTheOperatorSaysSo() throws Exception {
        String verifyCa = "sslmode=verify-ca&sslrootcert=" + postgres.certificate();
        assertThatThrownBy(() -> start(production(Map.of("GAARA_DATABASE_URL", postgres.url(verifyCa)))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("does not check that the certificate names the host")
                .hasMessageContaining("GAARA_DATABASE_TLS=verify-ca");

        try (GaaraServer server = start(
                production(Map.of("GAARA_DATABASE_URL", postgres.url(verifyCa), "GAARA_DATABASE_TLS", "verify-ca")))) {
            assertThat(postgres.gaaraConnectionsOverTls()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void givenVerifyFullUndoneBySettings_whenStarted_thenRefused() throws Exception {
        // the driver's factory that trusts any certificate
        String trustsAll = String.join(".", "org", "postgresql", "ssl", "NonValidatingFactory");
        assertThatThrownBy(() -> start(production(
                        Map.of("GAARA_DATABASE_URL", postgres.url("sslmode=verify-full&sslfactory=" + trustsAll)))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sslfactory=" + trustsAll);
        assertThatThrownBy(() -> start(production(Map.of(
                        "GAARA_DATABASE_URL", postgres.url("sslmode=verify-full&sslrootcert=/nonexistent/ca.pem")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sslrootcert=/nonexistent/ca.pem is not a readable file");
        assertThatThrownBy(() -> start(production(Map.of("GAARA_DATABASE_URL", postgres.url("sslmode=strict")))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("sslmode must be one of");
        assertThatThrownBy(() -> Settings.from(production(Map.of("GAARA_DATABASE_TLS", "off"))))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_DATABASE_TLS must be one of verify-full, verify-ca, insecure-allowed");
    }

    @Test
    void givenDevelopment_whenStartedOnAPlainUrl_thenNoRequirementUnlessAsked() throws Exception {
        Map<String, String> dev = new HashMap<>(Map.of(
                "GAARA_DATABASE_URL", postgres.url("sslmode=disable"),
                "GAARA_HTTP_PORT", "0",
                "GAARA_ARGON2_MEMORY_KIB", "8192",
                "GAARA_ARGON2_ITERATIONS", "1",
                "GAARA_DATA_DIR", Files.createTempDirectory("gaara-tls-dev").toString()));
        try (GaaraServer server = start(dev)) {
            assertThat(server.port()).isPositive();
        }
        dev.put("GAARA_DATABASE_TLS", "verify-full");
        assertThatThrownBy(() -> start(dev))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_DATABASE_TLS requires sslmode=verify-full");
    }

    private static Throwable startFailure(Map<String, String> config) {
        try (GaaraServer server = start(config)) {
            throw new AssertionError("started on port " + server.port());
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable at = t; at != null && !chain.contains(at); at = at.getCause()) {
            chain.add(at);
        }
        return chain;
    }
}
