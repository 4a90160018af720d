package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proving an address, moving to a new one and deleting the account, end to end with addresses required to be proven:
 * two real servers on one PostgreSQL, the outbox and its relay, the SMTP adapter and a real SMTP server whose messages
 * are read and their links followed over HTTP.
 */
class AccountEmailEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(15);
    private static final String PASSWORD = "correct horse battery";

    private final CapturedLogs logs = CapturedLogs.everything();
    private Mailbox mailbox;
    private GaaraServer server;
    private GaaraServer other;
    private ApiClient api;
    private ApiClient otherApi;

    @BeforeEach
    void start() {
        mailbox = Mailbox.start();
        Map<String, String> config = new HashMap<>(Mailbox.smtpSettings(mailbox.port()));
        config.put("GAARA_REQUIRE_VERIFIED_EMAIL", "true");
        server = TestServers.start(config);
        other = TestServers.start(config);
        api = new ApiClient(server.port());
        otherApi = new ApiClient(other.port());
    }

    @AfterEach
    void stop() {
        other.close();
        server.close();
        mailbox.close();
        logs.close();
    }

    private String verified(String email) throws Exception {
        String token =
                mailbox.await(email, Mailbox.VERIFY_SUBJECT, 1, DELIVERY).get(0).token("verify-email");
        var verified = api.postJson("/api/v1/auth/email/verify", "{\"token\":\"" + token + "\"}", null);
        assertThat(verified.status()).as(verified.raw().body()).isEqualTo(200);
        return token;
    }

    @Test
    void givenRegistration_whenTheEmailedLinkIsFollowed_thenLoginOpensAndTheTokenSaysVerified() throws Exception {
        String email = TestServers.uniqueEmail();
        var free = api.register(email, PASSWORD);
        var taken = otherApi.register(email, "someone else's passphrase");

        assertThat(free.status()).isEqualTo(202);
        assertThat(taken.status()).isEqualTo(202);
        assertThat(taken.raw().body()).isEqualTo(free.raw().body());
        assertThat(mailbox.await(email, Mailbox.ATTEMPT_SUBJECT, 1, DELIVERY))
                .as("the owner is told of the second try")
                .hasSize(1);
        var early = api.login(email, PASSWORD);
        assertThat(early.status()).isEqualTo(403);
        assertThat(early.text("type")).isEqualTo("urn:gaara:problem:email-not-verified");

        String token = verified(email);

        var login = otherApi.login(email, PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(ApiClient.claim(login.text("access_token"), "email_verified"))
                .isEqualTo("true");
        assertThat(api.me(login.text("access_token"))
                        .body()
                        .get("email_verified")
                        .asBoolean())
                .isTrue();
        assertThat(otherApi.login(email, "someone else's passphrase").status())
                .as("the second registration changed nothing")
                .isEqualTo(401);
        assertThat(logs.lines()).as("the token never reaches a log line").noneMatch(line -> line.contains(token));
    }

    @Test
    void givenVerifiedUser_whenEmailChangedThroughTheNewAddressesLink_thenTheAccountSignsInThere() throws Exception {
        String email = TestServers.uniqueEmail();
        String moved = TestServers.uniqueEmail();
        api.register(email, PASSWORD);
        verified(email);
        String access = api.login(email, PASSWORD).text("access_token");

        var asked = api.postJson(
                "/api/v1/auth/email/change",
                "{\"new_email\":\"" + moved + "\",\"password\":\"" + PASSWORD + "\"}",
                access);

        assertThat(asked.status()).as(asked.raw().body()).isEqualTo(202);
        assertThat(mailbox.await(email, Mailbox.CHANGE_NOTICE_SUBJECT, 1, DELIVERY)
                        .get(0)
                        .text())
                .contains("asked to change it to " + moved);
        String token = mailbox.await(moved, Mailbox.CHANGE_VERIFY_SUBJECT, 1, DELIVERY)
                .get(0)
                .token("confirm-email-change");
        assertThat(api.login(email, PASSWORD).status())
                .as("nothing changes before the link")
                .isEqualTo(200);
        var confirmed = otherApi.postJson("/api/v1/auth/email/verify", "{\"token\":\"" + token + "\"}", null);
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.text("email")).isEqualTo(moved);
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(401);
        var there = api.login(moved, PASSWORD);
        assertThat(there.status()).isEqualTo(200);
        assertThat(ApiClient.claim(there.text("access_token"), "email_verified"))
                .isEqualTo("true");
    }

    @Test
    void givenSignedInUser_whenAccountDeleted_thenItsTokensAreRefusedOnTheOtherInstanceWithinASecond()
            throws Exception {
        String email = TestServers.uniqueEmail();
        api.register(email, PASSWORD);
        verified(email);
        var here = api.login(email, PASSWORD);
        var elsewhere = otherApi.login(email, PASSWORD);
        assertThat(otherApi.me(elsewhere.text("access_token")).status()).isEqualTo(200);

        var deleted =
                api.deleteJson("/api/v1/auth/me", "{\"password\":\"" + PASSWORD + "\"}", here.text("access_token"));
        long deletedAt = System.nanoTime();

        assertThat(deleted.status()).as(deleted.raw().body()).isEqualTo(204);
        int status;
        do {
            status = otherApi.me(elsewhere.text("access_token")).status();
        } while (status == 200 && System.nanoTime() - deletedAt < TimeUnit.SECONDS.toNanos(2));
        assertThat(status).isEqualTo(401);
        assertThat(System.nanoTime() - deletedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
        assertThat(otherApi.refresh(elsewhere.text("refresh_token")).status()).isEqualTo(401);
        assertThat(api.login(email, PASSWORD).status()).isEqualTo(401);
        assertThat(api.register(email, PASSWORD).status())
                .as("the address is free again")
                .isEqualTo(202);
    }
}
