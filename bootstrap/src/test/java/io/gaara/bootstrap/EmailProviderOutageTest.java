package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.bootstrap.TestDatabase.OutboxRow;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The SMTP server is down when a reset is asked for, then comes back: the real server, its outbox in PostgreSQL and its
 * relay, and GreenMail started where the server has been failing to connect. The message waits in the outbox with the
 * failure's reason, is sent once when its retry comes, and its link works.
 *
 * <p>How long it takes: the relay tries at its next poll (1 s), fails at once (connection refused) and retries after
 * its first backoff, 30 s with jitter on the upper half, so 15 to 30 s later. The test waits for that one real retry
 * rather than shortening it: the provider is "down for a while" for one failed attempt, which is all the server level
 * adds to what {@code EmailOutboxRelayTest} shows of the backoff's doubling, {@code Retry-After} and give-up bound on a
 * moved clock. 28 s in a run here (2026-12-02, 2-core VM), of which the wait for the retry is most.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard against a hang, far above the ~30 s a run takes
class EmailProviderOutageTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new passphrase";
    /** The first retry comes 15 to 30 s after the failure; room for a slow machine. */
    private static final Duration RETRY = Duration.ofSeconds(60);

    private GaaraServer server;
    private Mailbox mailbox;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (mailbox != null) {
            mailbox.close();
        }
    }

    @Test
    void givenSmtpServerDown_whenAResetIsAskedForAndTheServerComesBack_thenTheEmailArrivesOnceAndItsLinkWorks()
            throws Exception {
        int port = Mailbox.closedPort();
        Map<String, String> config = new HashMap<>(Mailbox.smtpSettings(port));
        config.put("GAARA_HTTP_TRUSTED_PROXIES", "127.0.0.1/32");
        server = TestServers.start(config);
        ApiClient api = new ApiClient(server.port(), TestServers.freshAddress());
        String email = TestServers.uniqueEmail();
        assertThat(api.register(email, PASSWORD).status()).isEqualTo(201);

        assertThat(api.postJson("/api/v1/auth/password/forgot", "{\"email\":\"" + email + "\"}", null)
                        .status())
                .isEqualTo(202);

        OutboxRow failed = TestDatabase.awaitOutboxRow(
                email, "PASSWORD_RESET", row -> row.lastError() != null, Duration.ofSeconds(30));
        assertThat(failed.status())
                .as("kept for a retry, not given up: %s", failed)
                .isEqualTo("pending");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).startsWith("smtp 127.0.0.1:" + port);

        mailbox = Mailbox.startOn(port);

        List<Mailbox.Received> resets = mailbox.await(email, Mailbox.RESET_SUBJECT, 1, RETRY);
        OutboxRow sent = TestDatabase.awaitOutboxRow(
                email, "PASSWORD_RESET", row -> row.status().equals("sent"), Duration.ofSeconds(5));
        assertThat(sent.attempts()).as("one failure, then sent").isEqualTo(2);
        var reset = api.postJson(
                "/api/v1/auth/password/reset",
                "{\"token\":\"" + resets.get(0).resetToken() + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                null);
        assertThat(reset.status()).isEqualTo(204);
        assertThat(api.login(email, NEW_PASSWORD).status()).isEqualTo(200);
        // the notice is queued after the reset email was sent: once it is here, the relay has drained past the reset
        // email again, and any second copy would be here too
        mailbox.await(email, Mailbox.CHANGED_SUBJECT, 1, Duration.ofSeconds(15));
        assertThat(mailbox.to(email, Mailbox.RESET_SUBJECT))
                .as("delivered once")
                .hasSize(1);
    }
}
