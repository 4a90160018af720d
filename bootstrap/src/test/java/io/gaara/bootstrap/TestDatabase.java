package io.gaara.bootstrap;

import io.gaara.adapters.persistence.EmbeddedPostgresServer;
import io.gaara.bootstrap.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One PostgreSQL for the whole test JVM: GAARA_TEST_DATABASE_URL where set, else an embedded server started on first
 * use and stopped when the JVM exits.
 */
final class TestDatabase {
    private static EmbeddedPostgresServer embedded;
    private static String url;

    private TestDatabase() {}

    /** A value for GAARA_DATABASE_URL. */
    static synchronized String url() {
        if (url == null) {
            String external = System.getenv("GAARA_TEST_DATABASE_URL");
            if (external != null && !external.isBlank()) {
                url = external;
            } else {
                try {
                    Path dir = Files.createTempDirectory("gaara-e2e-pg");
                    embedded = EmbeddedPostgresServer.start(dir, 0);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
                url = "postgresql://" + EmbeddedPostgresServer.USER + "@127.0.0.1:" + embedded.port() + "/"
                        + EmbeddedPostgresServer.DATABASE;
            }
        }
        return url;
    }

    static Connection connect() throws SQLException {
        var settings = Settings.from(Map.of("GAARA_DATABASE_URL", url()))
                .database()
                .url()
                .orElseThrow();
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    /** A user as an import from another system writes it: the stored hash as it is, no Gaara code involved. */
    static void importUser(String email, String hash) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO users (id, email, password_hash, created_at, updated_at)"
                                + " VALUES (?::uuid, ?, ?, now(), now())")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, email);
            s.setString(3, hash);
            s.executeUpdate();
        }
    }

    /** A row of {@code email_outbox}, as an operator's query would show it. */
    record OutboxRow(long id, String template, String status, int attempts, boolean leased, String lastError) {}

    /** The outbox's messages to {@code recipient}, oldest first. */
    static List<OutboxRow> outbox(String recipient) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id, template, status, attempts, lease_until > now() AS leased, last_error"
                                + " FROM email_outbox WHERE recipient = ? ORDER BY id")) {
            s.setString(1, recipient);
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(
                            rs.getLong("id"),
                            rs.getString("template"),
                            rs.getString("status"),
                            rs.getInt("attempts"),
                            rs.getBoolean("leased"),
                            rs.getString("last_error")));
                }
            }
            return rows;
        }
    }

    /**
     * Polls the outbox until it holds exactly one message of {@code template} to {@code recipient} and that message
     * satisfies {@code condition}; returns it.
     */
    static OutboxRow awaitOutboxRow(String recipient, String template, Predicate<OutboxRow> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<OutboxRow> rows = outbox(recipient).stream()
                    .filter(r -> r.template().equals(template))
                    .toList();
            if (rows.size() == 1 && condition.test(rows.get(0))) {
                return rows.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(template + " rows for " + recipient + " after " + timeout + ": " + rows);
            }
            Thread.sleep(50);
        }
    }
}
