package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.domain.Email;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A database password rotated under a running pool, on a PostgreSQL that really checks passwords (scram-sha-256 for the
 * application role; the embedded default trusts everyone).
 */
class RotatingCredentialsTest {
    private static EmbeddedPostgres postgres;
    private static String adminUrl;

    @BeforeAll
    static void startPasswordCheckingServer() throws Exception {
        Path dir = Files.createTempDirectory("gaara-pg-scram");
        Path hba = dir.resolve("pg_hba.conf");
        Files.writeString(hba, """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all all 127.0.0.1/32 scram-sha-256
                """);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("data"))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("hba_file", hba.toString())
                .setServerConfig("password_encryption", "scram-sha-256")
                .start();
        adminUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        admin("CREATE ROLE gaara_app LOGIN PASSWORD 'first-password'");
        admin("CREATE DATABASE gaara_rot OWNER gaara_app");
    }

    @AfterAll
    static void stop() throws Exception {
        postgres.close();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static PostgresSettings appDatabase() {
        return new PostgresSettings(
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/gaara_rot", "ignored", null, 2);
    }

    private static DatabaseCredentials login(String password, String version) {
        return new DatabaseCredentials("gaara_app", password, version);
    }

    @Test
    void givenPasswordRotatedMidRun_whenNewConnectionOpens_thenPendingVersionUsedAndCurrentOnesKeepWorking()
            throws Exception {
        AtomicReference<List<DatabaseCredentials>> secret =
                new AtomicReference<>(List.of(login("first-password", "v1")));
        try (PostgresPersistence persistence =
                PostgresPersistence.start(appDatabase(), secret::get, Duration.ofMinutes(15), Clock.systemUTC())) {
            assertThat(persistence.users().findByEmail(new Email("nobody@example.com")))
                    .isEmpty();
            Connection heldBeforeRotation = persistence.dataSource().getConnection();

            // the rotation: a pending version is written, the database is altered, "current" still names v1
            secret.set(List.of(login("first-password", "v1"), login("second-password", "v2")));
            admin("ALTER ROLE gaara_app PASSWORD 'second-password'");
            persistence.dataSource().getHikariPoolMXBean().softEvictConnections();

            assertThat(persistence.users().findByEmail(new Email("nobody@example.com")))
                    .isEmpty();
            assertThat(persistence.ping()).isTrue();
            RotatingCredentialsDataSource logins = persistence.dataSource().unwrap(RotatingCredentialsDataSource.class);
            assertThat(logins.currentVersion()).isEqualTo("v2");
            try (Statement s = heldBeforeRotation.createStatement()) {
                assertThat(s.execute("SELECT 1"))
                        .as("open connections survive a password change")
                        .isTrue();
            }
            heldBeforeRotation.close();
        } finally {
            admin("ALTER ROLE gaara_app PASSWORD 'first-password'");
        }
    }

    @Test
    void givenSecretUpdatedShortlyAfterTheDatabase_whenConnecting_thenRetriesUntilItArrives() throws Exception {
        admin("ALTER ROLE gaara_app PASSWORD 'third-password'");
        try {
            AtomicReference<List<DatabaseCredentials>> secret =
                    new AtomicReference<>(List.of(login("first-password", "v1")));
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(600);
                } catch (InterruptedException e) {
                    return;
                }
                secret.set(List.of(login("third-password", "v3")));
            });
            later.start();
            RotatingCredentialsDataSource logins = new RotatingCredentialsDataSource(
                    appDatabase().jdbcUrl(), new Properties(), secret::get, Duration.ofSeconds(10));
            try (Connection c = logins.getConnection()) {
                assertThat(c.isValid(1)).isTrue();
            }
            assertThat(logins.currentVersion()).isEqualTo("v3");
        } finally {
            admin("ALTER ROLE gaara_app PASSWORD 'first-password'");
        }
    }

    @Test
    void givenNoCandidateWorks_whenConnecting_thenRefusedWithinBudgetWithoutPasswordsInMessage() {
        RotatingCredentialsDataSource logins = new RotatingCredentialsDataSource(
                appDatabase().jdbcUrl(),
                new Properties(),
                () -> List.of(login("wrong-one-xyz", "v8"), login("wrong-two-xyz", "v9")),
                Duration.ofMillis(800));
        long start = System.nanoTime();
        assertThatThrownBy(logins::getConnection)
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"))
                .hasMessageNotContaining("wrong-one-xyz")
                .hasMessageNotContaining("wrong-two-xyz");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
