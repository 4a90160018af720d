package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.gaara.adapters.secrets.breaker.CircuitBreakingSecretStore;
import io.gaara.adapters.secrets.vault.VaultDouble;
import io.gaara.application.port.out.secrets.SecretStoreMisconfiguredException;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.bootstrap.cli.SecretsCommand;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.Settings;
import io.gaara.testsupport.CapturedLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Production mode with every secret in HashiCorp Vault (KV v2, AppRole login), against a double of Vault's documented
 * HTTP API: no Vault server can be installed on these machines.
 */
class VaultProductionTest {
    private static final String PASSPHRASE = "sealed vault passphrase";
    private static final Logger LOG = LoggerFactory.getLogger(VaultProductionTest.class);
    private static final String ROLE_ID = "gaara-role-id";
    private static final String SECRET_ID = "gaara-secret-id-" + UUID.randomUUID();
    private static VaultDouble vault;

    @BeforeAll
    static void startVault() {
        vault = VaultDouble.start().withAppRole(ROLE_ID, SECRET_ID);
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    /** The server's configuration: it logs in with AppRole, as the setup guide has it. */
    private static Map<String, String> config(String prefix) throws Exception {
        Map<String, String> config = TestServers.production(Map.of());
        // these tests sign in straight after registering; proving addresses is AccountEmailEndToEndTest's business
        config.put("GAARA_REQUIRE_VERIFIED_EMAIL", "false");
        config.put("GAARA_SECRETS_BACKEND", "vault");
        config.put("VAULT_ADDR", vault.address());
        // the double listens on http://127.0.0.1, where production accepts http only as a loopback agent's address
        config.put(SecretBackends.VAULT_PLAINTEXT_LOOPBACK, "true");
        config.put("GAARA_VAULT_AUTH", "approle");
        config.put("VAULT_ROLE_ID", ROLE_ID);
        config.put("VAULT_SECRET_ID", SECRET_ID);
        config.put("GAARA_VAULT_PATH_PREFIX", prefix);
        config.put("GAARA_HTTP_HOST", "127.0.0.1");
        config.put("GAARA_HTTP_PORT", "0");
        // about the cheapest cost production accepts (OWASP: 7 MiB at 5 iterations; Gaara takes 8 MiB at least)
        config.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        config.put("GAARA_ARGON2_ITERATIONS", "5");
        config.put(
                "GAARA_DATA_DIR", Files.createTempDirectory("gaara-vault-e2e").toString());
        config.putAll(TestServers.LOOPBACK_LIMITS_LIFTED);
        return config;
    }

    /** An operator's {@code secrets} command: with an operator's token, not the server's AppRole. */
    private static int cli(Map<String, String> serverConfig, String... args) throws Exception {
        return cli(serverConfig, new ByteArrayOutputStream(), args);
    }

    private static int cli(Map<String, String> serverConfig, ByteArrayOutputStream bytes, String... args)
            throws Exception {
        Map<String, String> config = new HashMap<>(serverConfig);
        config.put("GAARA_VAULT_AUTH", "token");
        config.put("VAULT_TOKEN", vault.rootToken());
        int code = SecretsCommand.run(
                args,
                Files.createTempDirectory("gaara-cli"),
                config,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        LOG.info("$ gaara {} -> {}\n{}", String.join(" ", args), code, bytes.toString(StandardCharsets.UTF_8));
        return code;
    }

    private static String kid(String jwt) throws Exception {
        return ApiClient.JSON
                .readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))))
                .get("kid")
                .asText();
    }

    @Test
    void givenKvVersion1Mount_whenSecretsInitAndServerStart_thenBothRefuseSayingWhyAndNothingIsWritten()
            throws Exception {
        vault.withKvV1Mount("kv1");
        Map<String, String> config = config("gaara/e2e-" + UUID.randomUUID());
        config.put("GAARA_VAULT_KV_MOUNT", "kv1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(cli(config, out, "secrets", "init")).isEqualTo(SecretsCommand.FAILED);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("KV version 1")
                .contains("vault kv enable-versioning kv1")
                .doesNotContain("IllegalStateException");

        Settings settings = Settings.from(config);
        try (SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."))) {
            assertThatThrownBy(() -> GaaraServer.start(settings, backends.store(), Clock.systemUTC()))
                    .isInstanceOf(SecretStoreMisconfiguredException.class)
                    .hasMessageContaining("KV version 1");
        }
    }

    @Test
    void givenProductionAndAnHttpVaultAddress_whenBackendsOpen_thenRefusedUnlessALoopbackAgentIsAllowedKnowingly()
            throws Exception {
        Map<String, String> plain = config("gaara/e2e-" + UUID.randomUUID());
        plain.remove(SecretBackends.VAULT_PLAINTEXT_LOOPBACK);
        assertThatThrownBy(() -> SecretBackends.open(Settings.from(plain), plain, plain, Path.of(".")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("VAULT_ADDR=" + vault.address())
                .hasMessageContaining("over https only")
                .hasMessageContaining("GAARA_VAULT_PLAINTEXT_LOOPBACK=true");
        assertThat(cli(plain, "secrets", "check"))
                .as("the operator's commands hold to it too: a configuration error")
                .isEqualTo(SecretsCommand.USAGE);

        Map<String, String> remote = config("gaara/e2e-" + UUID.randomUUID());
        remote.put("VAULT_ADDR", "http://192.0.2.10:8200");
        assertThatThrownBy(() -> SecretBackends.open(Settings.from(remote), remote, remote, Path.of(".")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("allows http only to a loopback address")
                .hasMessageContaining("192.0.2.10 is not one");

        Map<String, String> development = config("gaara/e2e-" + UUID.randomUUID());
        development.remove(SecretBackends.VAULT_PLAINTEXT_LOOPBACK);
        development.put("ENVIRONMENT", "development");
        try (SecretBackends opened =
                SecretBackends.open(Settings.from(development), development, development, Path.of("."))) {
            assertThat(opened.store().backendName()).isEqualTo("vault");
        }
    }

    @Test
    void givenSecretsInVault_whenServerRunsAndKeyRotates_thenNobodyIsLoggedOut() throws Exception {
        String prefix = "gaara/e2e-" + UUID.randomUUID();
        Map<String, String> config = config(prefix);
        assertThat(cli(config, "secrets", "init")).isEqualTo(SecretsCommand.OK);
        vault.write("secret", prefix + "/DATABASE_URL", Map.of("value", TestDatabase.url()));
        assertThat(cli(config, "secrets", "check")).isEqualTo(SecretsCommand.OK);

        Settings settings = Settings.from(config);
        int loginsBefore = vault.calls("POST", "/v1/auth/approle/login");
        try (SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."));
                GaaraServer server =
                        GaaraServer.start(settings, backends.store(), Clock.systemUTC(), backends.probes())) {
            ApiClient api = new ApiClient(server.port());
            assertThat(vault.calls("POST", "/v1/auth/approle/login"))
                    .as("the server logged in with AppRole")
                    .isEqualTo(loginsBefore + 1);
            var ready = api.get("/health/ready");
            assertThat(ready.body().get("checks").get("vault").asText()).isEqualTo("UP");
            assertThat(ready.body().get("details").get("vault").asText()).isEqualTo("token-valid");
            String email = TestServers.uniqueEmail();
            assertThat(api.register(email, "vault backed passphrase").status()).isEqualTo(201);
            var before = api.login(email, "vault backed passphrase");
            assertThat(kid(before.text("access_token"))).startsWith("vault-kv-v1-");

            assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY")).isEqualTo(SecretsCommand.OK);
            server.secrets().refreshNow("JWT_SECRET_KEY");

            assertThat(api.me(before.text("access_token")).status()).isEqualTo(200);
            var after = api.refresh(before.text("refresh_token"));
            assertThat(after.status()).isEqualTo(200);
            assertThat(kid(after.text("access_token"))).startsWith("vault-kv-v2-");

            // a compromise: the first key must stop verifying
            assertThat(cli(config, "secrets", "retire-previous", "JWT_SECRET_KEY"))
                    .isEqualTo(SecretsCommand.OK);
            server.secrets().refreshNow("JWT_SECRET_KEY");
            assertThat(api.me(before.text("access_token")).status())
                    .as("signed with the retired version")
                    .isEqualTo(401);
            assertThat(api.me(after.text("access_token")).status()).isEqualTo(200);
        }
    }

    @Test
    void givenVaultSealed_whenTheBreakerOpens_thenReadinessSaysDegradedBehindAnOpenBreakerAndUnsealingClosesIt()
            throws Exception {
        String prefix = "gaara/e2e-" + UUID.randomUUID();
        Map<String, String> config = config(prefix);
        config.put("GAARA_SECRETS_BREAKER_FAILURES", "2");
        config.put("GAARA_SECRETS_BREAKER_OPEN_FOR", "3s");
        assertThat(cli(config, "secrets", "init")).isEqualTo(SecretsCommand.OK);
        vault.write("secret", prefix + "/DATABASE_URL", Map.of("value", TestDatabase.url()));
        Settings settings = Settings.from(config);
        String data = "/v1/secret/data/" + prefix + "/JWT_SECRET_KEY";
        try (CapturedLogs logs = CapturedLogs.of(CircuitBreakingSecretStore.class.getName());
                SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."));
                GaaraServer server = GaaraServer.start(settings, backends.store(), Clock.systemUTC())) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, PASSPHRASE);

            vault.failWith(503);
            try {
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> server.secrets().refreshNow("JWT_SECRET_KEY"))
                            .isInstanceOf(SecretStoreUnavailableException.class);
                }
                assertThat(logs.events())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN))
                        .satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("vault circuit breaker OPEN (was CLOSED)"));
                int reads = vault.calls("GET", data);
                assertThatThrownBy(() -> server.secrets().refreshNow("JWT_SECRET_KEY"))
                        .hasRootCauseMessage("secrets backend vault not asked: its circuit breaker is"
                                + " OPEN after 2 failures in a row");
                assertThat(vault.calls("GET", data))
                        .as("refused without asking Vault")
                        .isEqualTo(reads);
                var ready = api.get("/health/ready");
                assertThat(ready.status())
                        .as("serving from the cache: still ready")
                        .isEqualTo(200);
                assertThat(ready.body().get("checks").get("secrets").asText()).isEqualTo("DEGRADED");
                assertThat(ready.body().get("breakers").get("secrets").asText()).isEqualTo("OPEN");
                assertThat(api.login(email, PASSPHRASE).status()).isEqualTo(200);
            } finally {
                vault.recover();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!refreshed(server) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }

            var ready = api.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body().get("checks").get("secrets").asText()).isEqualTo("UP");
            assertThat(ready.body().get("breakers").get("secrets").asText()).isEqualTo("CLOSED");
            assertThat(logs.events())
                    .extracting(
                            e -> e.getLevel() + " " + e.getFormattedMessage().replaceFirst(":.*", ""))
                    .containsExactly(
                            "WARN secrets backend vault circuit breaker OPEN (was CLOSED)",
                            "INFO secrets backend vault circuit breaker HALF_OPEN (was OPEN)",
                            "INFO secrets backend vault circuit breaker CLOSED (was HALF_OPEN)");
        }
    }

    private static boolean refreshed(GaaraServer server) {
        try {
            server.secrets().refreshNow("JWT_SECRET_KEY");
            return true;
        } catch (SecretStoreUnavailableException stillOpen) {
            return false;
        }
    }
}
