package io.gaara.adapters.http;

import static io.gaara.adapters.http.JsonCalls.assertProblem;
import static io.gaara.adapters.http.JsonCalls.credentials;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.email.EmailTemplate;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The password endpoints over the real HTTP server and the in-memory application: statuses, bodies, problems. */
class PasswordEndpointsTest {
    private static final String EMAIL = "ann@example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final String NEW_PASSWORD = "a brand new passphrase";

    private FakeApplication app;
    private HttpServer server;
    private JsonCalls calls;

    @BeforeEach
    void start() {
        app = new FakeApplication();
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
        calls = new JsonCalls(server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        return calls.post(path, json, bearer);
    }

    private String accessToken() throws Exception {
        assertThat(post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null)
                        .statusCode())
                .isEqualTo(201);
        return calls.accessToken(EMAIL, PASSWORD);
    }

    @Test
    void givenSignedInUser_whenPasswordChanged_then204AndAWrongCurrentPasswordIs403() throws Exception {
        String access = accessToken();

        assertProblem(
                post(
                        "/api/v1/auth/password/change",
                        "{\"current_password\":\"not it at all\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                        access),
                403,
                "wrong-password");
        var changed = post(
                "/api/v1/auth/password/change",
                "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                access);

        assertThat(changed.statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/auth/login", credentials(EMAIL, NEW_PASSWORD), null)
                        .statusCode())
                .isEqualTo(200);
        assertProblem(
                post("/api/v1/auth/password/change", "{\"current_password\":\"x\",\"new_password\":\"y\"}", null),
                401,
                "invalid-token");
    }

    @Test
    void givenKnownAndUnknownAddresses_whenForgot_thenTheSame202AndBody() throws Exception {
        accessToken();

        var known = post("/api/v1/auth/password/forgot", "{\"email\":\"" + EMAIL + "\"}", null);
        var unknown = post("/api/v1/auth/password/forgot", "{\"email\":\"nobody@example.com\"}", null);
        var garbage = post("/api/v1/auth/password/forgot", "{\"email\":\"not an address\"}", null);

        for (var answer : List.of(known, unknown, garbage)) {
            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(answer.body()).isEqualTo(known.body());
        }
        assertThat(app.outbox.messages())
                .filteredOn(m -> m.email().template() == EmailTemplate.PASSWORD_RESET)
                .hasSize(1);
        assertProblem(post("/api/v1/auth/password/forgot", "{}", null), 400, "malformed-request");
    }

    @Test
    void givenResetLink_whenPosted_then204OnceThenTheOneProblemForEveryBadToken() throws Exception {
        accessToken();
        post("/api/v1/auth/password/forgot", "{\"email\":\"" + EMAIL + "\"}", null);
        String link = app.outbox.messages().stream()
                .filter(m -> m.email().template() == EmailTemplate.PASSWORD_RESET)
                .findFirst()
                .orElseThrow()
                .email()
                .params()
                .get("link");
        String token = link.substring(link.indexOf("#token=") + 7);
        String body = "{\"token\":\"" + token + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}";

        assertThat(post("/api/v1/auth/password/reset", body, null).statusCode()).isEqualTo(204);
        assertProblem(post("/api/v1/auth/password/reset", body, null), 400, "invalid-one-time-token");
        assertProblem(
                post(
                        "/api/v1/auth/password/reset",
                        "{\"token\":\"forged\",\"new_password\":\"" + NEW_PASSWORD + "\"}",
                        null),
                400,
                "invalid-one-time-token");
        assertThat(post("/api/v1/auth/login", credentials(EMAIL, NEW_PASSWORD), null)
                        .statusCode())
                .isEqualTo(200);
    }
}
