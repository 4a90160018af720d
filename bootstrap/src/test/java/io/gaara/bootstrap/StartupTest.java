package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.http.HashingLaneSettings;
import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.DevelopmentSecrets;
import io.gaara.bootstrap.config.Settings;
import io.gaara.bootstrap.config.SigningSecrets;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How Gaara starts: zero-configuration development, and a production mode that refuses to guess. */
class StartupTest {
    private static final String STRONG_A = "production-access-key-0123456789-abcdefghij";
    private static final String STRONG_B = "production-refresh-key-0123456789-abcdefghij";

    @Test
    void givenNoConfiguration_whenDevelopmentServerRestarts_thenUsersAndTokensSurvive(@TempDir Path dataDir) {
        Map<String, String> config = Map.of(
                "GAARA_DATA_DIR",
                dataDir.toString(),
                "GAARA_HTTP_PORT",
                "0",
                "GAARA_ARGON2_MEMORY_KIB",
                "8192",
                "GAARA_ARGON2_ITERATIONS",
                "1");
        var noSecrets = new EnvironmentSecretStore(Map.of());
        String email = TestServers.uniqueEmail();
        String password = "survives a restart " + System.nanoTime();
        String access;
        try (GaaraServer first = GaaraServer.start(Settings.from(config), noSecrets, Clock.systemUTC())) {
            ApiClient api = new ApiClient(first.port());
            assertThat(api.register(email, password).status()).isEqualTo(201);
            access = api.login(email, password).text("access_token");
        }
        assertThat(dataDir.resolve(DevelopmentSecrets.FILE_NAME)).exists();
        assertThat(dataDir.resolve("postgres")).isDirectory();
        try (GaaraServer second = GaaraServer.start(Settings.from(config), noSecrets, Clock.systemUTC())) {
            ApiClient api = new ApiClient(second.port());
            assertThat(api.me(access).status())
                    .as("dev keys are kept, so tokens outlive a restart")
                    .isEqualTo(200);
            assertThat(api.login(email, password).status())
                    .as("the embedded database kept the user")
                    .isEqualTo(200);
        }
    }

    @Test
    void givenProductionWithoutAnyDatabase_whenStarted_thenRefusedNamingBothWays(@TempDir Path dataDir) {
        Settings production = Settings.from(
                TestServers.production(Map.of("GAARA_DATA_DIR", dataDir.toString(), "GAARA_SECRETS_BACKEND", "env")));
        assertThatThrownBy(() -> GaaraServer.start(production, secrets(STRONG_A, STRONG_B), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("DATABASE_URL")
                .hasMessageContaining("GAARA_DATABASE_URL");
        assertThat(dataDir.resolve("postgres"))
                .as("never an embedded database in production")
                .doesNotExist();
    }

    @Test
    void givenProductionSecretsMissingShortEqualOrPlaceholder_whenResolved_thenRefused(@TempDir Path dataDir) {
        Settings production = Settings.from(TestServers.production(Map.of(
                "GAARA_DATA_DIR",
                dataDir.toString(),
                "GAARA_DATABASE_URL",
                "postgresql://gaara:pw@127.0.0.1:5432/gaara")));
        assertThatThrownBy(() -> SigningSecrets.resolve(
                        new EnvironmentSecretStore(Map.of("JWT_REFRESH_SECRET_KEY", STRONG_B)), production))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("JWT_SECRET_KEY is required");
        assertThatThrownBy(() -> SigningSecrets.resolve(secrets("too-short-key", STRONG_B), production))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 32 bytes")
                .hasMessageNotContaining("too-short-key");
        assertThatThrownBy(() -> SigningSecrets.resolve(secrets(STRONG_A, STRONG_A), production))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("must be different");
        assertThatThrownBy(() -> SigningSecrets.resolve(
                        secrets("change-me-to-at-least-32-random-bytes-for-access", STRONG_B), production))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("placeholder");
        assertThat(SigningSecrets.resolve(secrets(STRONG_A, STRONG_B), production)
                        .access()
                        .get()
                        .current()
                        .kid())
                .as("the environment keeps no versions: the kid is the key's own digest, alike on every instance")
                .isEqualTo(Secret.contentVersionId(STRONG_A));
        assertThat(dataDir.resolve(DevelopmentSecrets.FILE_NAME))
                .as("production never generates keys")
                .doesNotExist();
    }

    @Test
    void givenProductionWithoutSecrets_whenJarMainRuns_thenExitsTwoWithClearMessage(@TempDir Path workDir)
            throws Exception {
        Map<String, String> env = TestServers.production(Map.of());
        env.put("GAARA_SECRETS_BACKEND", "env");
        env.put("GAARA_DATABASE_URL", "postgresql://gaara:do-not-print-me@127.0.0.1:1/gaara");
        env.put("GAARA_DATA_DIR", workDir.resolve("data").toString());
        ProcessResult result = runMain(workDir, env);
        assertThat(result.exitCode()).isEqualTo(Gaara.EXIT_CONFIGURATION);
        assertThat(result.output())
                .contains("Gaara cannot start")
                .contains("JWT_SECRET_KEY is required in production")
                .doesNotContain("do-not-print-me")
                .doesNotContain("\tat ");
    }

    @Test
    void givenProductionWithADatabaseUrlThatDoesNotVerifyTheServer_whenJarMainRuns_thenExitsTwoNamingTheOverride(
            @TempDir Path workDir) throws Exception {
        Map<String, String> env = TestServers.production(Map.of());
        env.remove("GAARA_DATABASE_TLS");
        env.put("GAARA_SECRETS_BACKEND", "env");
        env.put("JWT_SECRET_KEY", STRONG_A);
        env.put("JWT_REFRESH_SECRET_KEY", STRONG_B);
        env.put("GAARA_DATABASE_URL", "postgresql://gaara:do-not-print-me@127.0.0.1:1/gaara?sslmode=require");
        env.put("GAARA_DATA_DIR", workDir.resolve("data").toString());
        ProcessResult result = runMain(workDir, env);
        assertThat(result.exitCode()).as(result.output()).isEqualTo(Gaara.EXIT_CONFIGURATION);
        assertThat(result.output())
                .contains("Gaara cannot start: GAARA_DATABASE_URL: sslmode=require does not verify")
                .contains("GAARA_DATABASE_TLS=insecure-allowed")
                .doesNotContain("do-not-print-me")
                .doesNotContain("\tat ");
    }

    @Test
    void givenProductionWithMissingDatabase_whenJarMainRuns_thenExitsTwo(@TempDir Path workDir) throws Exception {
        Map<String, String> dotenv = TestServers.production(Map.of(
                "GAARA_SECRETS_BACKEND", "dotenv", "JWT_SECRET_KEY", STRONG_A, "JWT_REFRESH_SECRET_KEY", STRONG_B));
        Files.writeString(
                workDir.resolve(".env"),
                dotenv.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue() + "\n")
                        .collect(Collectors.joining()),
                StandardCharsets.UTF_8);
        ProcessResult result = runMain(workDir, Map.of());
        assertThat(result.exitCode()).isEqualTo(Gaara.EXIT_CONFIGURATION);
        assertThat(result.output())
                .contains("a database is required in production")
                .doesNotContain(STRONG_A);
    }

    @Test
    void givenProductionWithDefaultAwsBackendButNoRegion_whenJarMainRuns_thenExitsTwoNamingTheFix(@TempDir Path workDir)
            throws Exception {
        ProcessResult result = runMain(workDir, TestServers.production(Map.of()));
        assertThat(result.exitCode()).isEqualTo(Gaara.EXIT_CONFIGURATION);
        assertThat(result.output()).contains("AWS_REGION");
    }

    @Test
    void givenSecretsBackendDownAtStartup_whenJarMainRuns_thenExitsThreeWithoutStackTrace(@TempDir Path workDir)
            throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ProcessResult result = runMain(
                workDir,
                TestServers.production(Map.of(
                        "AWS_REGION",
                        "us-east-1",
                        "AWS_ACCESS_KEY_ID",
                        "testing",
                        "AWS_SECRET_ACCESS_KEY",
                        "testing",
                        "AWS_ENDPOINT_URL",
                        "http://127.0.0.1:" + closedPort)));
        assertThat(result.exitCode()).as(result.output()).isEqualTo(Gaara.EXIT_SECRETS_UNAVAILABLE);
        assertThat(result.output())
                .contains("the secrets backend did not answer")
                .doesNotContain("\tat ");
    }

    @Test
    void givenMalformedSettings_whenRead_thenMessageNamesVariableAndRule() {
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_HTTP_PORT", "eighty")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_HTTP_PORT");
        assertThatThrownBy(() -> Settings.from(Map.of("ENVIRONMENT", "staging")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("development, production");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_ACCESS_TOKEN_TTL", "2h")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_ACCESS_TOKEN_TTL");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_DATABASE_URL", "mysql://root:hunter2@db/x")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void givenOverloadSettings_whenRead_thenHashingLaneAndConnectionLimitFollowThemAndBadValuesAreRefused() {
        Settings defaults = Settings.from(Map.of());
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(defaults.http().hashing().threads()).isEqualTo(cores);
        assertThat(defaults.http().hashing().queue()).isEqualTo(8 * cores);
        assertThat(defaults.http().hashing().maxWait()).hasSeconds(1);
        assertThat(defaults.http().maxConnections()).isEqualTo(10_000);

        Settings tuned = Settings.from(Map.of(
                "GAARA_HASHING_THREADS", "3",
                "GAARA_HASHING_QUEUE", "0",
                "GAARA_HASHING_MAX_WAIT", "250ms",
                "GAARA_HTTP_MAX_CONNECTIONS", "500"));
        assertThat(tuned.http().hashing()).isEqualTo(new HashingLaneSettings(3, 0, Duration.ofMillis(250)));
        assertThat(tuned.http().maxConnections()).isEqualTo(500);

        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_HASHING_THREADS", "0")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_HASHING_THREADS");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_HASHING_MAX_WAIT", "1h")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_HASHING_MAX_WAIT");
        assertThat(Settings.from(Map.of("GAARA_HTTP_TRUSTED_PROXIES", " 10.0.0.0/8, 2001:db8::/32 "))
                        .http()
                        .trustedProxies())
                .containsExactly("10.0.0.0/8", "2001:db8::/32");
        assertThat(defaults.http().trustedProxies())
                .as("no proxy is trusted unless configured")
                .isEmpty();
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_HTTP_TRUSTED_PROXIES", "10.0.0.0/8, lb.internal")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_HTTP_TRUSTED_PROXIES")
                .hasMessageContaining("lb.internal");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_HTTP_MAX_CONNECTIONS", "2")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_HTTP_MAX_CONNECTIONS");
    }

    @Test
    void givenLoginTimingSettings_whenRead_thenFloorDefaultsToOneSecondAndCostsPastTheFloorAreRefused() {
        assertThat(Settings.from(Map.of()).loginFailureFloor()).hasSeconds(1);
        assertThat(Settings.from(Map.of("GAARA_LOGIN_FAILURE_FLOOR", "1500ms")).loginFailureFloor())
                .hasMillis(1500);
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_LOGIN_FAILURE_FLOOR", "11s")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_LOGIN_FAILURE_FLOOR");
        assertThat(Settings.from(Map.of("GAARA_ARGON2_MEMORY_KIB", "65536", "GAARA_ARGON2_ITERATIONS", "3"))
                        .argon2()
                        .work())
                .as("RFC 9106's second recommendation fits")
                .isEqualTo(196_608);
        assertThatThrownBy(() ->
                        Settings.from(Map.of("GAARA_ARGON2_MEMORY_KIB", "131072", "GAARA_ARGON2_ITERATIONS", "3")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_ARGON2_MEMORY_KIB times GAARA_ARGON2_ITERATIONS");
    }

    @Test
    void givenRecoverySettings_whenRead_thenLinksPointAtThePublicUrlWhichProductionMustGive() {
        assertThat(Settings.from(Map.of()).recovery().link("reset-password", "t0k"))
                .isEqualTo("http://localhost:8080/reset-password#token=t0k");
        var set = Settings.from(
                Map.of("GAARA_PUBLIC_URL", "https://app.example.com/", "GAARA_PASSWORD_RESET_TTL", "15m"));
        assertThat(set.recovery().link("reset-password", "t0k"))
                .isEqualTo("https://app.example.com/reset-password#token=t0k");
        assertThat(set.recovery().resetTokenTtl()).hasMinutes(15);
        assertThatThrownBy(() -> Settings.from(Map.of("ENVIRONMENT", "production")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_PUBLIC_URL");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_PUBLIC_URL", "app.example.com")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_PUBLIC_URL");
        assertThatThrownBy(() -> Settings.from(Map.of("GAARA_PASSWORD_RESET_TTL", "3d")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("GAARA_PASSWORD_RESET_TTL");
    }

    @Test
    void givenDefaults_whenRead_thenSafeDevelopmentValues() {
        Settings dev = Settings.from(Map.of());
        assertThat(dev.http().host()).isEqualTo("127.0.0.1");
        assertThat(dev.http().port()).isEqualTo(8080);
        assertThat(dev.accessTokenTtl()).hasMinutes(15);
        assertThat(dev.sessionPolicy().idleTimeout()).hasDays(14);
        assertThat(dev.sessionPolicy().absoluteLifetime()).hasDays(30);
        assertThat(dev.argon2().memoryKib()).isEqualTo(19456);
        assertThat(dev.database().url()).isEmpty();
        Settings prod = Settings.from(TestServers.production(
                Map.of("GAARA_DATABASE_URL", "postgresql://gaara:p%40ss@db.internal:6432/auth?sslmode=require")));
        assertThat(prod.http().host()).isEqualTo("0.0.0.0");
        var db = prod.database().url().orElseThrow();
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/auth?sslmode=require");
        assertThat(db.user()).isEqualTo("gaara");
        assertThat(db.password()).isEqualTo("p@ss");
        assertThat(prod.toString()).doesNotContain("p@ss");
    }

    private static EnvironmentSecretStore secrets(String access, String refresh) {
        return new EnvironmentSecretStore(Map.of("JWT_SECRET_KEY", access, "JWT_REFRESH_SECRET_KEY", refresh));
    }

    record ProcessResult(int exitCode, String output) {}

    private static ProcessResult runMain(Path workDir, Map<String, String> env) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), Gaara.class.getName())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("out.log").toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GAARA_")
                        || k.startsWith("JWT_")
                        || k.startsWith("AWS_")
                        || k.startsWith("VAULT_")
                        || k.equals("ENVIRONMENT"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("process ends by itself")
                .isTrue();
        return new ProcessResult(process.exitValue(), Files.readString(workDir.resolve("out.log")));
    }
}
