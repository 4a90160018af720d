package io.gaara.adapters.http;

import static io.gaara.adapters.http.JsonCalls.JSON;
import static io.gaara.adapters.http.JsonCalls.assertProblem;
import static io.gaara.adapters.http.JsonCalls.credentials;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gaara.application.port.out.email.EmailTemplate;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The address and account endpoints over the real HTTP server and the in-memory application: verify, resend, change,
 * delete, and registration and login where addresses must be proven. Statuses, bodies, problem types.
 */
class AccountEndpointsTest {
    private static final String EMAIL = "ann@example.com";
    private static final String PASSWORD = "correct horse battery";

    private FakeApplication app;
    private HttpServer server;
    private JsonCalls calls;

    private void start(FakeApplication application) {
        app = application;
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
        calls = new JsonCalls(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> send(String method, String path, String json, String bearer) throws Exception {
        return calls.send(method, path, json, bearer);
    }

    private HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        return calls.post(path, json, bearer);
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return calls.get(path, bearer);
    }

    private HttpResponse<String> login(String email) throws Exception {
        return post("/api/v1/auth/login", credentials(email, PASSWORD), null);
    }

    private String accessToken(String email) throws Exception {
        return calls.accessToken(email, PASSWORD);
    }

    private String token(EmailTemplate template) {
        var sent = app.outbox.messages().stream()
                .filter(m -> m.email().template() == template)
                .toList();
        String link = sent.get(sent.size() - 1).email().params().get("link");
        return link.substring(link.indexOf("#token=") + "#token=".length());
    }

    @Test
    void givenNewAccount_whenLinkPosted_then200WithTheAddressAndMeSaysVerified() throws Exception {
        start(new FakeApplication());
        assertThat(post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null)
                        .statusCode())
                .isEqualTo(201);
        String access = accessToken(EMAIL);
        assertThat(JSON.readTree(get("/api/v1/auth/me", access).body())
                        .get("email_verified")
                        .asBoolean())
                .isFalse();

        var verified =
                post("/api/v1/auth/email/verify", "{\"token\":\"" + token(EmailTemplate.VERIFY_EMAIL) + "\"}", null);

        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()))
                .isEqualTo(JSON.readTree("{\"email\":\"" + EMAIL + "\",\"email_verified\":true}"));
        JsonNode me = JSON.readTree(get("/api/v1/auth/me", access).body());
        assertThat(me.get("email_verified").isBoolean()).isTrue();
        assertThat(me.get("email_verified").asBoolean()).isTrue();
        for (String bad : List.of(token(EmailTemplate.VERIFY_EMAIL), "not-a-token", "")) {
            assertProblem(
                    post("/api/v1/auth/email/verify", "{\"token\":\"" + bad + "\"}", null),
                    400,
                    "invalid-one-time-token");
        }
        assertProblem(post("/api/v1/auth/email/verify", "{}", null), 400, "malformed-request");
    }

    @Test
    void givenKnownUnknownAndVerifiedAddresses_whenResend_thenTheSame202AndBody() throws Exception {
        start(new FakeApplication());
        post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null);

        var known = post("/api/v1/auth/email/verify/resend", "{\"email\":\"" + EMAIL + "\"}", null);
        var unknown = post("/api/v1/auth/email/verify/resend", "{\"email\":\"nobody@example.com\"}", null);
        var garbage = post("/api/v1/auth/email/verify/resend", "{\"email\":\"not an address\"}", null);

        for (var answer : List.of(known, unknown, garbage)) {
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.body()).isEqualTo(known.body());
        }
        assertThat(app.outbox.messages())
                .filteredOn(m -> m.email().template() == EmailTemplate.VERIFY_EMAIL)
                .hasSize(2);
    }

    @Test
    void givenVerificationRequired_whenRegisteringFreeAndTakenAddresses_thenTheSame202AndLoginWaitsForTheLink()
            throws Exception {
        start(FakeApplication.requiringVerifiedEmail());

        var free = post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null);
        var taken = post("/api/v1/auth/register", credentials(EMAIL, "another passphrase"), null);

        assertThat(free.statusCode()).isEqualTo(202);
        assertThat(taken.statusCode()).isEqualTo(202);
        assertThat(taken.body()).isEqualTo(free.body());
        assertProblem(login(EMAIL), 403, "email-not-verified");
        assertProblem(post("/api/v1/auth/login", credentials(EMAIL, "wrong guess"), null), 401, "invalid-credentials");
        post("/api/v1/auth/email/verify", "{\"token\":\"" + token(EmailTemplate.VERIFY_EMAIL) + "\"}", null);
        assertThat(login(EMAIL).statusCode()).isEqualTo(200);
    }

    @Test
    void givenSignedInUser_whenEmailChangeAskedAndConfirmed_then202ThenMeShowsTheNewAddress() throws Exception {
        start(new FakeApplication());
        post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null);
        String access = accessToken(EMAIL);

        assertProblem(
                post("/api/v1/auth/email/change", "{\"new_email\":\"new@example.com\",\"password\":\"nope\"}", access),
                403,
                "wrong-password");
        assertProblem(
                post(
                        "/api/v1/auth/email/change",
                        "{\"new_email\":\"" + EMAIL + "\",\"password\":\"" + PASSWORD + "\"}",
                        access),
                400,
                "invalid-value");
        assertProblem(
                post("/api/v1/auth/email/change", "{\"new_email\":\"x@example.com\",\"password\":\"y\"}", null),
                401,
                "invalid-token");
        var asked = post(
                "/api/v1/auth/email/change",
                "{\"new_email\":\"new@example.com\",\"password\":\"" + PASSWORD + "\"}",
                access);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);

        var confirmed = post(
                "/api/v1/auth/email/verify", "{\"token\":\"" + token(EmailTemplate.EMAIL_CHANGE_VERIFY) + "\"}", null);

        assertThat(JSON.readTree(confirmed.body()).get("email").asText()).isEqualTo("new@example.com");
        assertThat(JSON.readTree(get("/api/v1/auth/me", access).body())
                        .get("email")
                        .asText())
                .isEqualTo("new@example.com");
    }

    @Test
    void givenSignedInUser_whenDeleted_then204AndTheTokenIsRefusedAfter() throws Exception {
        start(new FakeApplication());
        post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null);
        String access = accessToken(EMAIL);

        assertProblem(send("DELETE", "/api/v1/auth/me", "{\"password\":\"nope\"}", access), 403, "wrong-password");
        assertProblem(send("DELETE", "/api/v1/auth/me", "{}", access), 400, "malformed-request");
        assertThat(get("/api/v1/auth/me", access).statusCode()).isEqualTo(200);

        var deleted = send("DELETE", "/api/v1/auth/me", "{\"password\":\"" + PASSWORD + "\"}", access);

        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertProblem(get("/api/v1/auth/me", access), 401, "invalid-token");
        assertProblem(login(EMAIL), 401, "invalid-credentials");
    }
}
