package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.gaara.application.port.out.secrets.SecretStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Runs the Vault adapter through logins, renewal, rotation and failures with its own and spring-vault's logging at
 * DEBUG, and checks that no secret value, token, role id, secret id or service account JWT appears in any log line or
 * exception message.
 */
class VaultLogsTest {
    private static final String PREFIX = "gaara/production";
    private static final String ROLE_ID = "role-" + UUID.randomUUID();
    private static final String SECRET_ID = "secret-id-" + UUID.randomUUID();
    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJnYWFyYSJ9." + UUID.randomUUID();
    private static final String FIRST = "value-one-" + UUID.randomUUID();
    private static final String SECOND = "value-two-" + UUID.randomUUID();
    private static final String DB = "value-db-" + UUID.randomUUID();

    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<String, Level> levels = new HashMap<>();
    private final List<String> exceptionMessages = new ArrayList<>();
    private VaultDouble vault;

    @TempDir
    Path dir;

    @BeforeEach
    void capture() {
        captured.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
        for (String name : new String[] {"io.gaara", "org.springframework.vault", "org.springframework.scheduling"}) {
            levels.put(name, logging.getLogger(name).getLevel());
            logging.getLogger(name).setLevel(Level.DEBUG);
        }
        vault = VaultDouble.start()
                .withAppRole(ROLE_ID, SECRET_ID)
                .withKubernetesRole("gaara", JWT)
                .withLoginTokenTtl(Duration.ofSeconds(3), Duration.ofSeconds(5));
    }

    @AfterEach
    void restore() {
        logging.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        levels.forEach((name, level) -> logging.getLogger(name).setLevel(level));
        vault.close();
    }

    @Test
    void givenLoginsRenewalRotationAndFailures_whenLogged_thenNoSecretAppears() throws Exception {
        VaultSettings appRole =
                vault.settings(PREFIX).withAuth(new VaultSettings.AppRoleAuth("approle", ROLE_ID, SECRET_ID));
        try (VaultConnection connection = VaultConnection.open(appRole)) {
            var admin = connection.administration();
            var store = connection.secretStore();
            admin.createIfAbsent("JWT_SECRET_KEY", FIRST);
            admin.createIfAbsent("DATABASE_PASSWORD", DB);
            admin.createIfAbsent("JWT_SECRET_KEY", SECOND);
            admin.promotePending("JWT_SECRET_KEY", admin.stagePending("JWT_SECRET_KEY", SECOND));
            store.readAccepted("JWT_SECRET_KEY");
            store.readStage("DATABASE_PASSWORD", SecretStage.PREVIOUS);
            // the token reaches its 5 s max TTL: renewed, dropped, then a new login on the next read
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> store.read("DATABASE_PASSWORD").isPresent()
                            && vault.calls("POST", "/v1/auth/approle/login") >= 2);
            assertThat(vault.calls("POST", "/v1/auth/token/renew-self")).isPositive();
            vault.write("secret", PREFIX + "/BROKEN", Map.of("password", DB));
            store.read("BROKEN");
            vault.failWith(503);
            expectFailure(() -> store.read("JWT_SECRET_KEY"));
            expectFailure(() -> admin.stagePending("JWT_SECRET_KEY", FIRST));
            vault.recover();
        }
        try (VaultConnection wrong = VaultConnection.open(
                vault.settings(PREFIX).withAuth(new VaultSettings.AppRoleAuth("approle", ROLE_ID, SECRET_ID + "x")))) {
            expectFailure(() -> wrong.secretStore().read("JWT_SECRET_KEY"));
        }
        Path jwt = Files.writeString(dir.resolve("token"), JWT);
        try (VaultConnection kubernetes = VaultConnection.open(
                vault.settings(PREFIX).withAuth(new VaultSettings.KubernetesAuth("kubernetes", "gaara", jwt)))) {
            kubernetes.secretStore().readAccepted("JWT_SECRET_KEY");
            vault.revoke(vault.tokensSeen().get(vault.tokensSeen().size() - 1));
            // the dead token is replaced by a new login within the read, which logs the refusal
            assertThat(kubernetes.secretStore().read("JWT_SECRET_KEY")).isPresent();
            vault.failWith(500);
            expectFailure(() -> kubernetes.secretStore().read("JWT_SECRET_KEY"));
            vault.recover();
        }

        List<String> secrets = new ArrayList<>(List.of(ROLE_ID, SECRET_ID, JWT, FIRST, SECOND, DB, vault.rootToken()));
        secrets.addAll(vault.tokensSeen());
        assertThat(vault.tokensSeen()).hasSizeGreaterThan(3);
        assertThat(captured.list).hasSizeGreaterThan(10);
        assertThat(exceptionMessages).hasSize(4);
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            for (String secret : secrets) {
                assertThat(line).as("log line from %s", event.getLoggerName()).doesNotContain(secret);
            }
        }
        for (String message : exceptionMessages) {
            for (String secret : secrets) {
                assertThat(message).doesNotContain(secret);
            }
        }
    }

    @Test
    void givenSpringHttpClientAtDebug_whenOpened_thenWarnedThatBodiesWouldBeLogged() {
        Logger restClient = logging.getLogger("org.springframework.web.client.DefaultRestClient");
        Level before = restClient.getLevel();
        restClient.setLevel(Level.DEBUG);
        try (VaultConnection ignored = VaultConnection.open(vault.settings(PREFIX))) {
            assertThat(captured.list)
                    .anyMatch(e -> e.getLevel() == Level.WARN
                            && e.getFormattedMessage().contains("would log Vault request bodies"));
        } finally {
            restClient.setLevel(before);
        }
    }

    private void expectFailure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isNotNull();
        StringBuilder chain = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        exceptionMessages.add(chain.toString());
    }
}
