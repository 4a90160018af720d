package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.CapturedLogs;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proving an address, moving to a new one and deleting the account, end to end with addresses required to be proven:
 * two real servers on one PostgreSQL, the outbox and its relay, the SMTP adapter and a real SMTP server whose messages
 * are read and their links followed over HTTP.
 */
class AccountEmailEndToEndTest {
    private static final Pattern VERIFY_LINK =
            Pattern.compile("https://app\\.example\\.com/verify-email#token=([A-Za-z0-9_-]{43})");
    private static final Pattern CHANGE_LINK =
            Pattern.compile("https://app\\.example\\.com/confirm-email-change#token=([A-Za-z0-9_-]{43})");
    private static final Pattern SOMEONE_TRIED = Pattern.compile("Someone tried to create a new .* account");
    private static final Pattern BEING_CHANGED = Pattern.compile("asked to change it to (\\S+)\\.");
    private static final String PASSWORD = "correct horse battery";

    private final CapturedLogs logs = CapturedLogs.everything();
    private Inbox inbox;
    private GaaraServer server;
    private GaaraServer other;
    private ApiClient api;
    private ApiClient otherApi;

    @BeforeEach
    void start() {
        inbox = Inbox.start();
        Map<String, String> config = Map.of(
                "GAARA_REQUIRE_VERIFIED_EMAIL", "true",
                "GAARA_EMAIL_PROVIDER", "smtp",
                "GAARA_EMAIL_FROM", "Gaara <no-reply@example.com>",
                "GAARA_SMTP_HOST", "127.0.0.1",
                "GAARA_SMTP_PORT", String.valueOf(inbox.port()),
                "GAARA_SMTP_TLS", "none",
                "GAARA_PUBLIC_URL", "https://app.example.com");
        server = TestServers.start(config);
        other = TestServers.start(config);
        api = new ApiClient(server.port());
        otherApi = new ApiClient(other.port());
    }

    @AfterEach
    void stop() {
        other.close();
        server.close();
        inbox.close();
        logs.close();
    }

    private String verified(String email) throws Exception {
        String token = inbox.await(email, VERIFY_LINK).group(1);
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
        assertThat(inbox.await(email, SOMEONE_TRIED))
                .as("the owner is told of the second try")
                .isNotNull();
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
        assertThat(inbox.await(email, BEING_CHANGED).group(1)).isEqualTo(moved);
        String token = inbox.await(moved, CHANGE_LINK).group(1);
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
