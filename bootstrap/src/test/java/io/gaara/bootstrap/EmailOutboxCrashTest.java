package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.bootstrap.TestDatabase.OutboxRow;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code kill -9} between commit and send, with processes: a reset email committed to the outbox by a Gaara process
 * that is then killed with SIGKILL before it sends it is sent, once, by the process started after it, and its link
 * works.
 *
 * <p>How the kill is made to fall between commit and send, every time and without waiting out a backoff or a lease:
 * instance A's SMTP server accepts connections and never answers (a listening socket nobody accepts from; the kernel
 * completes the handshake), and {@code GAARA_EMAIL_TIMEOUT} is its 5-minute maximum. A first account's verification
 * email (the "blocker") is claimed by A's relay, which then waits for the server's greeting. Its one worker thread is
 * held there, so the reset request under test is committed and never attempted: the test reads it in the outbox
 * (pending, no attempt, no lease) before it kills A. Instance B starts with GreenMail as its SMTP server and sends it
 * at its first poll. Had A tried and failed instead (a closed port), the message would wait out the first backoff (15
 * to 30 s) on B; had the test killed A while it was sending the message under test, B would wait out the lease (2 min).
 * The blocker is that second case: it stays leased to the dead A until its lease runs out, after which any instance
 * sends it ({@code EmailOutboxContract} shows the lease running out on a moved clock); the test does not wait for it,
 * and removes it so that no later test's server sends it.
 *
 * <p>Each process's output is in {@code target/email-outbox-crash/<name>.log}. About 7 s here (2026-12-02, 2-core VM),
 * most of it two JVM starts.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES) // a guard against a hang, far above the ~7 s a run takes
class EmailOutboxCrashTest {
    private static final Path OUTPUT = Path.of("target", "email-outbox-crash");
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String PASSWORD = "killed before it sent " + UUID.randomUUID();
    private static final String NEW_PASSWORD = "a brand new passphrase " + UUID.randomUUID();

    private ServerProcess instanceA;
    private ServerProcess instanceB;
    private Mailbox mailbox;
    private String blocker;

    @AfterEach
    void stop() throws Exception {
        try {
            for (ServerProcess instance : new ServerProcess[] {instanceA, instanceB}) {
                if (instance != null) {
                    instance.close();
                }
            }
            if (mailbox != null) {
                mailbox.close();
            }
        } finally {
            if (blocker != null) {
                try (Connection c = TestDatabase.connect();
                        PreparedStatement s = c.prepareStatement("DELETE FROM email_outbox WHERE recipient = ?")) {
                    s.setString(1, blocker);
                    s.executeUpdate();
                }
            }
        }
    }

    @Test
    void givenResetCommittedButNotSent_whenTheProcessIsKilledAndAnotherStarts_thenItArrivesOnceAndItsLinkWorks()
            throws Exception {
        String email = TestServers.uniqueEmail();
        blocker = TestServers.uniqueEmail();
        String client = TestServers.freshAddress();
        try (ServerSocket silentSmtp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> onA = env("a", silentSmtp.getLocalPort());
            onA.put("GAARA_EMAIL_TIMEOUT", "5m");
            instanceA = ServerProcess.start("a", OUTPUT, onA);
            instanceA.awaitReady(STARTUP);
            ApiClient a = instanceA.api(client);
            // the blocker's verification email is the first in line: the relay claims it and hangs on the silent server
            assertThat(a.register(blocker, PASSWORD).status()).isEqualTo(201);
            TestDatabase.awaitOutboxRow(blocker, "VERIFY_EMAIL", OutboxRow::leased, Duration.ofSeconds(30));
            assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);
            assertThat(forgot(a, email).status()).isEqualTo(202);
            assertThat(TestDatabase.outbox(email))
                    .as("committed, never attempted, leased to nobody")
                    .filteredOn(row -> row.template().equals("PASSWORD_RESET"))
                    .singleElement()
                    .satisfies(row -> {
                        assertThat(row.template()).isEqualTo("PASSWORD_RESET");
                        assertThat(row.status()).isEqualTo("pending");
                        assertThat(row.attempts()).isZero();
                        assertThat(row.leased()).isFalse();
                    });

            int exit = instanceA.killHard();

            assertThat(exit).as("ended by SIGKILL (128 + 9)").isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
            assertThat(Files.readString(instanceA.log()))
                    .as("no shutdown hook ran")
                    .doesNotContain("Gaara stopping");
        }

        mailbox = Mailbox.start();
        instanceB = ServerProcess.start("b", OUTPUT, env("b", mailbox.port()));
        instanceB.awaitReady(STARTUP);
        ApiClient b = instanceB.api(client);

        List<Mailbox.Received> resets = mailbox.await(email, Mailbox.RESET_SUBJECT, 1, Duration.ofSeconds(30));
        OutboxRow sent = TestDatabase.awaitOutboxRow(
                email, "PASSWORD_RESET", r -> r.status().equals("sent"), Duration.ofSeconds(5));
        assertThat(sent.attempts()).as("sent at B's first attempt").isEqualTo(1);
        String token = resets.get(0).resetToken();
        ApiClient.SECRETS_SEEN.add(token);
        var reset = b.postJson(
                "/api/v1/auth/password/reset",
                "{\"token\":\"" + token + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                null);
        assertThat(reset.status()).isEqualTo(204);
        assertThat(b.login(email, NEW_PASSWORD).status()).isEqualTo(200);
        // queued after the reset email was sent: once the notice is here, any second copy would be too
        mailbox.await(email, Mailbox.CHANGED_SUBJECT, 1, Duration.ofSeconds(15));
        assertThat(mailbox.to(email, Mailbox.RESET_SUBJECT))
                .as("delivered once")
                .hasSize(1);
        for (ServerProcess instance : List.of(instanceA, instanceB)) {
            assertThat(Files.readString(instance.log()))
                    .as("no token or password in %s", instance.log())
                    .doesNotContain(token, PASSWORD, NEW_PASSWORD);
        }
    }

    private static ApiClient.Response forgot(ApiClient api, String email) {
        return api.postJson("/api/v1/auth/password/forgot", "{\"email\":\"" + email + "\"}", null);
    }

    private static Map<String, String> env(String name, int smtpPort) {
        Map<String, String> env = new HashMap<>(Mailbox.smtpSettings(smtpPort));
        env.put("GAARA_DATABASE_URL", TestDatabase.url());
        env.put("GAARA_DATABASE_POOL_SIZE", "3");
        env.put("GAARA_HTTP_PORT", "0");
        env.put("GAARA_HTTP_TRUSTED_PROXIES", "127.0.0.1/32");
        env.put("GAARA_SECRETS_BACKEND", "env");
        env.put("JWT_SECRET_KEY", TestServers.ACCESS_KEY);
        env.put("JWT_REFRESH_SECRET_KEY", TestServers.REFRESH_KEY);
        env.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        env.put("GAARA_ARGON2_ITERATIONS", "1");
        env.put("GAARA_LOGIN_FAILURE_FLOOR", "0s");
        env.put(
                "GAARA_DATA_DIR",
                OUTPUT.resolve(name + "-data").toAbsolutePath().toString());
        return env;
    }
}
