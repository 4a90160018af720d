package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forgot → email → reset, and a password change, end to end: the real server, its PostgreSQL outbox and relay, the SMTP
 * adapter, and a real SMTP server (GreenMail) whose messages are parsed and their links followed over HTTP.
 */
class PasswordRecoveryEndToEndTest {
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new passphrase";
    private static final Duration DELIVERY = Duration.ofSeconds(15);

    private final CapturedLogs logs = CapturedLogs.everything();
    private Mailbox mailbox;
    private GaaraServer server;
    private ApiClient api;

    @BeforeEach
    void start() {
        mailbox = Mailbox.start();
        server = TestServers.start(Mailbox.smtpSettings(mailbox.port()));
        api = new ApiClient(server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        mailbox.close();
        logs.close();
    }

    @Test
    void givenForgottenPassword_whenTheEmailedLinkIsFollowed_thenTheNewPasswordWorksAndTheOldSessionIsGone()
            throws Exception {
        String email = TestServers.uniqueEmail();
        assertThat(api.register(email, PASSWORD).status()).isEqualTo(201);
        var before = api.login(email, PASSWORD);

        var forgot = api.postJson("/api/v1/auth/password/forgot", "{\"email\":\"" + email + "\"}", null);
        assertThat(forgot.status()).isEqualTo(202);

        String token =
                mailbox.await(email, Mailbox.RESET_SUBJECT, 1, DELIVERY).get(0).resetToken();
        var reset = api.postJson(
                "/api/v1/auth/password/reset",
                "{\"token\":\"" + token + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                null);

        assertThat(reset.status()).isEqualTo(204);
        assertThat(api.login(email, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(401);
        assertThat(api.refresh(before.text("refresh_token")).status()).isEqualTo(401);
        assertThat(api.postJson(
                                "/api/v1/auth/password/reset",
                                "{\"token\":\"" + token + "\",\"new_password\":\"yet another passphrase\"}",
                                null)
                        .status())
                .as("the link works once")
                .isEqualTo(400);
        assertThat(mailbox.await(email, Mailbox.CHANGED_SUBJECT, 1, DELIVERY)
                        .get(0)
                        .text())
                .as("the owner is told")
                .contains("password");
        assertThat(logs.lines()).as("the token never reaches a log line").noneMatch(line -> line.contains(token));
    }

    @Test
    void givenSignedInUser_whenPasswordChanged_thenTheOtherSessionEndsAndANoticeIsEmailed() throws Exception {
        String email = TestServers.uniqueEmail();
        api.register(email, PASSWORD);
        var here = api.login(email, PASSWORD);
        var elsewhere = api.login(email, PASSWORD);

        var changed = api.postJson(
                "/api/v1/auth/password/change",
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                here.text("access_token"));

        assertThat(changed.status()).isEqualTo(204);
        assertThat(api.me(here.text("access_token")).status()).isEqualTo(200);
        assertThat(api.refresh(elsewhere.text("refresh_token")).status()).isEqualTo(401);
        assertThat(mailbox.await(email, Mailbox.CHANGED_SUBJECT, 1, DELIVERY)
                        .get(0)
                        .text())
                .contains("password");
    }
}
