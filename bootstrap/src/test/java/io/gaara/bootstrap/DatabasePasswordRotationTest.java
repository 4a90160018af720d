package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.adapters.persistence.EmbeddedPostgresServer;
import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.bootstrap.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database password rotated under a running server, then a failover that drops every connection: the pool
 * reconnects with the new password, re-reading the {@code DATABASE_URL} secret on its connection-creation path. That
 * read's audit row must not wait on the very pool that is creating the connection (it used to, once per event, for the
 * pool timeout each, answering 503 meanwhile), and the row must still land once the database is back. On a PostgreSQL
 * that checks passwords (the embedded default trusts everyone).
 */
class DatabasePasswordRotationTest {
    private static final Logger LOG = LoggerFactory.getLogger(DatabasePasswordRotationTest.class);
    private static final String ROLE = "gaara_rotated";
    /**
     * "A few seconds": the pool reconnects at once; a request that met a dead connection may have been answered 503.
     */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(4);

    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void startPasswordCheckingServer() throws Exception {
        Path dir = Files.createTempDirectory("gaara-rotation-pg");
        postgres = EmbeddedPostgresServer.start(dir, 0);
        Files.writeString(dir.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all all 127.0.0.1/32 scram-sha-256
                """);
        admin("SELECT pg_reload_conf()");
        admin("CREATE ROLE " + ROLE + " LOGIN PASSWORD 'first-password-0123'");
        admin("CREATE DATABASE " + ROLE + " OWNER " + ROLE);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void givenPasswordRotatedAndEveryConnectionDropped_whenRequestsContinue_then2xxWithinSecondsAndTheReadAudited()
            throws Exception {
        InMemorySecretStore secrets = new InMemorySecretStore(Map.of(
                "JWT_SECRET_KEY", TestServers.ACCESS_KEY,
                "JWT_REFRESH_SECRET_KEY", TestServers.REFRESH_KEY,
                "DATABASE_URL", databaseUrl("first-password-0123")));
        ApiClient.SECRETS_SEEN.addAll(List.of("first-password-0123", "second-password-4567"));
        try (GaaraServer server = GaaraServer.start(settings(), secrets, Clock.systemUTC())) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            assertThat(api.register(email, "rotation passphrase words").status())
                    .isEqualTo(201);
            String access = api.login(email, "rotation passphrase words").text("access_token");
            assertThat(api.sessions(access).status()).isEqualTo(200);

            // the rotation: the database first, then the secret, as an RDS rotation function does
            admin("ALTER ROLE " + ROLE + " PASSWORD 'second-password-4567'");
            Secret rotated = secrets.put("DATABASE_URL", databaseUrl("second-password-4567"));
            Instant rotatedAt = Instant.now();
            // a failover: every connection of the application's role is gone, the pool must log in again
            int killed = terminateConnectionsOf(ROLE);
            assertThat(killed).isPositive();

            long start = System.nanoTime();
            List<Integer> answers = new ArrayList<>();
            int status;
            do {
                status = api.sessions(access).status();
                answers.add(status);
            } while (status != 200
                    && System.nanoTime() - start < Duration.ofSeconds(90).toNanos());
            Duration back = Duration.ofNanos(System.nanoTime() - start);
            LOG.info("answers after the rotation and failover: {} (200 after {} ms)", answers, back.toMillis());

            assertThat(status).isEqualTo(200);
            assertThat(answers)
                    .as("only outages on the way, never a 401 or a 500")
                    .allMatch(s -> s == 200 || s == 503);
            assertThat(back)
                    .as("2xx again within seconds, not a minute of 503s")
                    .isLessThan(BACK_WITHIN);
            assertThat(awaitAuditRow(rotated.versionId(), rotatedAt, Duration.ofSeconds(10)))
                    .as("the re-read of DATABASE_URL on the connection-creation path is stored")
                    .isTrue();
        }
    }

    private static Settings settings() throws Exception {
        return Settings.from(Map.of(
                "GAARA_HTTP_PORT", "0",
                "GAARA_ARGON2_MEMORY_KIB", "8192",
                "GAARA_ARGON2_ITERATIONS", "1",
                "GAARA_DATABASE_POOL_SIZE", "4",
                "GAARA_DATA_DIR", Files.createTempDirectory("gaara-rotation").toString()));
    }

    private static String databaseUrl(String password) {
        return "postgresql://" + ROLE + ":" + password + "@127.0.0.1:" + postgres.port() + "/" + ROLE;
    }

    private static boolean awaitAuditRow(String versionId, Instant after, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + ROLE, "postgres", "");
                    PreparedStatement q = c.prepareStatement("SELECT count(*) FROM secret_access_events "
                            + "WHERE name = 'DATABASE_URL' AND version_id = ? AND occurred_at >= ?")) {
                q.setString(1, versionId);
                q.setObject(2, after.minusSeconds(1).atOffset(ZoneOffset.UTC));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return true;
                    }
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static int terminateConnectionsOf(String role) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                                + "WHERE usename = ?")) {
            q.setString(1, role);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
