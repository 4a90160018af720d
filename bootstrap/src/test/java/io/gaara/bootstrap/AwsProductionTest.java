package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.gaara.adapters.secrets.aws.AwsSecretsManagerAdministration;
import io.gaara.adapters.secrets.aws.AwsSecretsSettings;
import io.gaara.adapters.secrets.aws.MotoServer;
import io.gaara.adapters.secrets.breaker.CircuitBreakingSecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.bootstrap.cli.SecretsCommand;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.Settings;
import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.CuttableProxy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;

/**
 * Production mode with every secret in AWS Secrets Manager (moto, the AWS emulator, through a proxy that can cut the
 * link): `secrets init` under a KMS key, the server started from the secrets alone, JWT key rotations that log nobody
 * out, and a backend outage survived from the cache. All logging and command output is checked for every secret value
 * moto holds.
 */
class AwsProductionTest {
    private static final String PASSPHRASE = "breaker passphrase words";
    private static final Logger LOG = LoggerFactory.getLogger(AwsProductionTest.class);
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static final Set<String> OUTPUT = ConcurrentHashMap.newKeySet();
    private static MotoServer moto;
    private static CuttableProxy proxy;
    private static String kmsKey;
    private static final List<String> PREFIXES = new ArrayList<>();

    @BeforeAll
    static void emulator() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOGS.setContext(context);
        LOGS.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
        moto = MotoServer.shared();
        proxy = new CuttableProxy(moto.endpoint().getHost(), moto.endpoint().getPort());
        // what the SDK's default chains read, as AWS_ENDPOINT_URL / AWS_REGION / AWS_ACCESS_KEY_ID would be in a
        // deployment
        System.setProperty("aws.endpointUrl", "http://127.0.0.1:" + proxy.port());
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_ACCESS_KEY);
        kmsKey = moto.createKmsKey();
    }

    @AfterAll
    static void noSecretValueAnywhere() throws Exception {
        proxy.close();
        for (String p : List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
            System.clearProperty(p);
        }
        ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(Logger.ROOT_LOGGER_NAME)
                .detachAppender(LOGS);
        List<String> values = new ArrayList<>();
        SecretsManagerClient sm = moto.secretsManagerClient();
        sm.listSecrets(ListSecretsRequest.builder().build()).secretList().forEach(entry -> {
            if (PREFIXES.stream().anyMatch(entry.name()::startsWith)) {
                sm.listSecretVersionIds(b -> b.secretId(entry.arn()))
                        .versions()
                        .forEach(v -> values.add(
                                sm.getSecretValue(b -> b.secretId(entry.arn()).versionId(v.versionId()))
                                        .secretString()));
            }
        });
        assertThat(values).as("the suite created and rotated secrets").hasSizeGreaterThan(6);
        List<String> lines = new ArrayList<>(OUTPUT);
        for (ILoggingEvent event : LOGS.list) {
            lines.add(event.getFormattedMessage() + " " + event.getKeyValuePairs()
                    + (event.getThrowableProxy() == null
                            ? ""
                            : ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
        assertThat(lines).anyMatch(l -> l.contains("JWT_SECRET_KEY"));
        for (String value : values) {
            assertThat(lines)
                    .as("no secret value in any log line or command output")
                    .noneMatch(l -> l.contains(value));
        }
    }

    private static Map<String, String> productionConfig(Map<String, String> extra) throws Exception {
        String prefix = "gaara/e2e-" + UUID.randomUUID() + "/";
        PREFIXES.add(prefix);
        Map<String, String> config = TestServers.production(Map.of());
        // these tests sign in straight after registering; proving addresses is AccountEmailEndToEndTest's business
        config.put("GAARA_REQUIRE_VERIFIED_EMAIL", "false");
        config.put("GAARA_SECRETS_BACKEND", "aws");
        config.put("GAARA_SECRETS_PREFIX", prefix);
        config.put("GAARA_HTTP_HOST", "127.0.0.1");
        config.put("GAARA_HTTP_PORT", "0");
        // about the cheapest cost production accepts (OWASP: 7 MiB at 5 iterations; Gaara takes 8 MiB at least)
        config.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        config.put("GAARA_ARGON2_ITERATIONS", "5");
        config.put("GAARA_DATA_DIR", Files.createTempDirectory("gaara-aws-e2e").toString());
        config.putAll(TestServers.LOOPBACK_LIMITS_LIFTED);
        config.putAll(extra);
        return config;
    }

    /** `secrets init` under the KMS key, plus the database URL an operator stores by hand. */
    private static Map<String, String> initialised(Map<String, String> extra) throws Exception {
        Map<String, String> config = productionConfig(extra);
        assertThat(cli(config, "secrets", "init", "--kms-key-id", kmsKey)).isEqualTo(SecretsCommand.OK);
        new AwsSecretsManagerAdministration(
                        moto.secretsManagerClient(), AwsSecretsSettings.fromVariables("production", config), kmsKey)
                .createIfAbsent("DATABASE_URL", TestDatabase.url());
        return config;
    }

    private static int cli(Map<String, String> config, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SecretsCommand.run(
                args,
                Files.createTempDirectory("gaara-cli"),
                config,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        OUTPUT.add(printed);
        LOG.info("$ gaara {} -> {}\n{}", String.join(" ", args), code, printed);
        return code;
    }

    private static GaaraServer start(Map<String, String> config) {
        Settings settings = Settings.from(config);
        SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."));
        return GaaraServer.start(settings, backends.store(), Clock.systemUTC());
    }

    private static String kid(String jwt) throws Exception {
        JsonNode header = ApiClient.JSON.readTree(Base64.getUrlDecoder().decode(jwt.substring(0, jwt.indexOf('.'))));
        return header.get("kid").asText();
    }

    @Test
    void givenEmptyAccount_whenInitThenCheck_thenEverySecretCreatedUnderTheKmsKeyAndCheckPasses() throws Exception {
        Map<String, String> config = productionConfig(Map.of());
        assertThat(cli(config, "secrets", "check")).as("nothing there yet").isEqualTo(SecretsCommand.FAILED);
        assertThat(cli(config, "secrets", "init", "--kms-key-id", kmsKey)).isEqualTo(SecretsCommand.OK);
        assertThat(cli(config, "secrets", "init", "--kms-key-id", kmsKey))
                .as("idempotent")
                .isEqualTo(SecretsCommand.OK);
        String prefix = config.get("GAARA_SECRETS_PREFIX");
        var described = moto.secretsManagerClient().describeSecret(b -> b.secretId(prefix + "JWT_SECRET_KEY"));
        assertThat(described.kmsKeyId()).contains(kmsKey.substring(kmsKey.lastIndexOf('/') + 1));
        assertThat(described.tags())
                .anyMatch(t -> t.key().equals("app") && t.value().equals("gaara"));
        assertThat(cli(config, "secrets", "check"))
                .as("DATABASE_URL still missing")
                .isEqualTo(SecretsCommand.FAILED);
    }

    @Test
    void givenEverySecretInAws_whenProductionServerRuns_thenFullFlowWorks() throws Exception {
        Map<String, String> config = initialised(Map.of());
        assertThat(cli(config, "secrets", "check")).isEqualTo(SecretsCommand.OK);
        try (GaaraServer server = start(config)) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            assertThat(api.register(email, "production passphrase on aws").status())
                    .isEqualTo(201);
            var login = api.login(email, "production passphrase on aws");
            assertThat(login.status()).isEqualTo(200);
            assertThat(api.me(login.text("access_token")).status()).isEqualTo(200);
            String currentVersion = moto.secretsManagerClient()
                    .getSecretValue(b -> b.secretId(config.get("GAARA_SECRETS_PREFIX") + "JWT_SECRET_KEY"))
                    .versionId();
            assertThat(kid(login.text("access_token"))).isEqualTo(currentVersion);
            // the reads made before the database existed are stored once it does
            try (var c = TestDatabase.connect();
                    var s = c.prepareStatement("SELECT kind, backend, cache_outcome FROM secret_access_events"
                            + " WHERE name = 'JWT_SECRET_KEY' AND version_id = ?")) {
                s.setString(1, currentVersion);
                try (var rs = s.executeQuery()) {
                    assertThat(rs.next())
                            .as("the fetch of JWT_SECRET_KEY is in the audit table")
                            .isTrue();
                    assertThat(rs.getString("kind")).isEqualTo("fetch");
                    assertThat(rs.getString("backend")).isEqualTo("aws-secrets-manager");
                }
            }
        }
    }

    @Test
    void givenJwtKeysRotated_whenCacheRefreshes_thenNobodyIsLoggedOutAndNewTokensCarryTheNewKid() throws Exception {
        Map<String, String> config = initialised(Map.of());
        try (GaaraServer server = start(config)) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, "rotation passphrase words");
            var before = api.login(email, "rotation passphrase words");
            String oldKid = kid(before.text("access_token"));

            assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY")).isEqualTo(SecretsCommand.OK);
            assertThat(cli(config, "secrets", "rotate", "JWT_REFRESH_SECRET_KEY"))
                    .isEqualTo(SecretsCommand.OK);
            server.secrets().refreshNow("JWT_SECRET_KEY");
            server.secrets().refreshNow("JWT_REFRESH_SECRET_KEY");

            assertThat(api.me(before.text("access_token")).status())
                    .as("a token signed with the previous key still verifies")
                    .isEqualTo(200);
            var refreshed = api.refresh(before.text("refresh_token"));
            assertThat(refreshed.status())
                    .as("a refresh token signed with the previous key still works")
                    .isEqualTo(200);
            String newKid = kid(refreshed.text("access_token"));
            assertThat(newKid).isNotEqualTo(oldKid);
            assertThat(kid(refreshed.text("refresh_token"))).isNotEqualTo(kid(before.text("refresh_token")));

            // a second rotation retires the first key: only current and previous verify
            assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY")).isEqualTo(SecretsCommand.OK);
            server.secrets().refreshNow("JWT_SECRET_KEY");
            assertThat(api.me(refreshed.text("access_token")).status()).isEqualTo(200);
            assertThat(api.me(before.text("access_token")).status())
                    .as("two rotations ago")
                    .isEqualTo(401);
        }
    }

    @Test
    void givenCompromisedKeyRotatedAndPreviousRetired_whenTheCacheRefreshesByItself_thenOldTokensAreRefused()
            throws Exception {
        Map<String, String> config = initialised(Map.of("GAARA_SECRETS_CACHE_TTL", "10s"));
        try (GaaraServer server = start(config)) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, "compromise passphrase words");
            String leaked = api.login(email, "compromise passphrase words").text("access_token");

            assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY")).isEqualTo(SecretsCommand.OK);
            server.secrets().refreshNow("JWT_SECRET_KEY");
            assertThat(api.me(leaked).status())
                    .as("after rotate alone, still accepted as previous")
                    .isEqualTo(200);

            assertThat(cli(config, "secrets", "retire-previous", "JWT_SECRET_KEY"))
                    .isEqualTo(SecretsCommand.OK);
            // no explicit refresh: the cache re-reads the secret ahead of its 10 s time to live
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int status = api.me(leaked).status();
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                status = api.me(leaked).status();
            }
            assertThat(status).as("a token signed with the retired key").isEqualTo(401);
            var fresh = api.login(email, "compromise passphrase words");
            assertThat(api.me(fresh.text("access_token")).status()).isEqualTo(200);
        }
    }

    @Test
    void givenTwoInstancesAndOneHasSeenTheRotation_whenItsTokensReachTheOther_thenTheOtherLearnsTheNewKeyAtOnce()
            throws Exception {
        Map<String, String> config = initialised(Map.of());
        try (GaaraServer first = start(config);
                GaaraServer second = start(config)) {
            ApiClient a = new ApiClient(first.port());
            ApiClient b = new ApiClient(second.port());
            String email = TestServers.uniqueEmail();
            a.register(email, "two instances passphrase");
            assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY")).isEqualTo(SecretsCommand.OK);
            assertThat(cli(config, "secrets", "rotate", "JWT_REFRESH_SECRET_KEY"))
                    .isEqualTo(SecretsCommand.OK);
            first.secrets().refreshNow("JWT_SECRET_KEY");
            first.secrets().refreshNow("JWT_REFRESH_SECRET_KEY");

            var login = a.login(email, "two instances passphrase");
            // the second instance's cache still holds the old versions: the new kid makes it re-read now
            assertThat(b.me(login.text("access_token")).status()).isEqualTo(200);
            assertThat(b.refresh(login.text("refresh_token")).status()).isEqualTo(200);
        }
    }

    @Test
    void givenKeysMovedUnchangedFromEnvironmentToAws_whenServerRestartsOnAws_thenOldTokensStillWork() throws Exception {
        String access = SecretRules.random(48);
        String refresh = SecretRules.random(48);
        Map<String, String> onEnv = productionConfig(Map.of(
                "GAARA_SECRETS_BACKEND",
                "env",
                "JWT_SECRET_KEY",
                access,
                "JWT_REFRESH_SECRET_KEY",
                refresh,
                "GAARA_DATABASE_URL",
                TestDatabase.url()));
        String email = TestServers.uniqueEmail();
        ApiClient.Response before;
        try (GaaraServer server = start(onEnv)) {
            ApiClient api = new ApiClient(server.port());
            api.register(email, "migrating passphrase words");
            before = api.login(email, "migrating passphrase words");
            assertThat(kid(before.text("access_token"))).startsWith("sha256:");
        }
        Map<String, String> onAws = productionConfig(Map.of());
        var admin = new AwsSecretsManagerAdministration(
                moto.secretsManagerClient(), AwsSecretsSettings.fromVariables("production", onAws), kmsKey);
        admin.createIfAbsent("JWT_SECRET_KEY", access);
        admin.createIfAbsent("JWT_REFRESH_SECRET_KEY", refresh);
        admin.createIfAbsent("DATABASE_URL", TestDatabase.url());
        try (GaaraServer server = start(onAws)) {
            ApiClient api = new ApiClient(server.port());
            assertThat(api.me(before.text("access_token")).status())
                    .as("same key, new kid: still accepted")
                    .isEqualTo(200);
            var refreshed = api.refresh(before.text("refresh_token"));
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(kid(refreshed.text("access_token"))).doesNotStartWith("sha256:");
        }
    }

    @Test
    void givenShortCacheTtl_whenKeyRotatedInTheBackend_thenNewLoginsUseItWithoutAnyExplicitRefresh() throws Exception {
        Map<String, String> config = initialised(Map.of("GAARA_SECRETS_CACHE_TTL", "10s"));
        try (GaaraServer server = start(config)) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, "background refresh passphrase");
            String oldKid =
                    kid(api.login(email, "background refresh passphrase").text("access_token"));
            assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY")).isEqualTo(SecretsCommand.OK);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String kid = oldKid;
            while (kid.equals(oldKid) && System.nanoTime() < deadline) {
                Thread.sleep(500);
                kid = kid(api.login(email, "background refresh passphrase").text("access_token"));
            }
            assertThat(kid).as("refreshed ahead of expiry in the background").isNotEqualTo(oldKid);
        }
    }

    @Test
    void givenBackendOutageMidRun_whenUsersKeepWorking_thenLoginAndVerificationServedFromCache() throws Exception {
        Map<String, String> config = initialised(Map.of());
        try (GaaraServer server = start(config)) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, "outage passphrase words");
            var before = api.login(email, "outage passphrase words");

            proxy.cut();
            try {
                server.secrets().refreshNow("JWT_SECRET_KEY");
            } catch (RuntimeException expected) {
                // the backend is down: the cache keeps the last good value
            }
            try {
                assertThat(api.me(before.text("access_token")).status()).isEqualTo(200);
                var login = api.login(email, "outage passphrase words");
                assertThat(login.status()).isEqualTo(200);
                assertThat(api.me(login.text("access_token")).status()).isEqualTo(200);
                assertThat(api.refresh(login.text("refresh_token")).status()).isEqualTo(200);
                assertThat(server.secrets().health().degraded()).isTrue();
                var ready = api.get("/health/ready");
                assertThat(ready.status())
                        .as("serving from the cache: still ready")
                        .isEqualTo(200);
                assertThat(ready.body().get("checks").get("secrets").asText()).isEqualTo("DEGRADED");
            } finally {
                proxy.restore();
            }
            server.secrets().refreshNow("JWT_SECRET_KEY");
            assertThat(server.secrets().health().degraded()).isFalse();
            assertThat(api.get("/health/ready")
                            .body()
                            .get("checks")
                            .get("secrets")
                            .asText())
                    .isEqualTo("UP");
        }
    }

    @Test
    void givenBackendCut_whenTheBreakerOpens_thenReadinessSaysDegradedBehindAnOpenBreakerAndRestoreClosesIt()
            throws Exception {
        Map<String, String> config =
                initialised(Map.of("GAARA_SECRETS_BREAKER_FAILURES", "2", "GAARA_SECRETS_BREAKER_OPEN_FOR", "3s"));
        try (CapturedLogs logs = CapturedLogs.of(CircuitBreakingSecretStore.class.getName());
                GaaraServer server = start(config)) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, PASSPHRASE);
            assertThat(api.get("/health/ready")
                            .body()
                            .get("breakers")
                            .get("secrets")
                            .asText())
                    .isEqualTo("CLOSED");

            proxy.cut();
            try {
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> server.secrets().refreshNow("JWT_SECRET_KEY"))
                            .isInstanceOf(SecretStoreUnavailableException.class);
                }
                assertThat(logs.events())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN))
                        .satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("aws-secrets-manager circuit breaker OPEN (was CLOSED)"));
                assertThatThrownBy(() -> server.secrets().refreshNow("JWT_SECRET_KEY"))
                        .hasRootCauseMessage("secrets backend aws-secrets-manager not asked: its circuit breaker is"
                                + " OPEN after 2 failures in a row");
                var ready = api.get("/health/ready");
                assertThat(ready.status())
                        .as("serving from the cache: still ready")
                        .isEqualTo(200);
                assertThat(ready.body().get("checks").get("secrets").asText()).isEqualTo("DEGRADED");
                assertThat(ready.body().get("breakers").get("secrets").asText()).isEqualTo("OPEN");
                assertThat(api.login(email, PASSPHRASE).status()).isEqualTo(200);
            } finally {
                proxy.restore();
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
                            "WARN secrets backend aws-secrets-manager circuit breaker OPEN (was CLOSED)",
                            "INFO secrets backend aws-secrets-manager circuit breaker HALF_OPEN (was OPEN)",
                            "INFO secrets backend aws-secrets-manager circuit breaker CLOSED (was HALF_OPEN)");
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
