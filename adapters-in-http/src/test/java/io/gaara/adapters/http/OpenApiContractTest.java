package io.gaara.adapters.http;

import static io.gaara.adapters.http.JsonCalls.credentials;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gaara.testsupport.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract check catches drift both ways: an answer the server gives that the document does not describe (a planted
 * field, status, header or media type, from a stand-in server behind the shared {@link JsonCalls}), and a document that
 * lost what the real server answers (a status or a field removed from a copy of it).
 */
class OpenApiContractTest {
    private static final String EMAIL = "ann@example.com";
    private static final String PASSWORD = "correct horse battery";
    private static final String ME = "{\"id\":\"0b5cd4f8-2a6e-4c0a-9d7e-8d7c1f0f6a11\",\"email\":\"ann@example.com\","
            + "\"email_verified\":false,\"created_at\":\"2026-01-01T00:00:00Z\"}";
    private static final Map<String, String> EVERY_ANSWERS_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Resource-Policy", "same-origin");

    private HttpServer server;
    private StandInServer standIn;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (standIn != null) {
            standIn.close();
        }
    }

    // --- the server answers what the document does not describe: JsonCalls fails the test

    @Test
    void givenAnAnswerTheDocumentDescribes_whenJsonCallsReceivesIt_thenItPasses() throws Exception {
        JsonCalls calls = standIn(200, "application/json", ME, EVERY_ANSWERS_HEADERS);

        assertThat(calls.get("/api/v1/auth/me", "token").statusCode()).isEqualTo(200);
    }

    @Test
    void givenAPlantedUndocumentedField_whenJsonCallsReceivesIt_thenTheTestFails() throws Exception {
        JsonCalls calls = standIn(
                200,
                "application/json",
                ME.replace("}", ",\"password_hash\":\"$argon2id$...\"}"),
                EVERY_ANSWERS_HEADERS);

        assertThatThrownBy(() -> calls.get("/api/v1/auth/me", "token"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("breaks docs/openapi.yaml")
                .hasMessageContaining("password_hash");
    }

    @Test
    void givenAPlantedUndocumentedStatus_whenJsonCallsReceivesIt_thenTheTestFails() throws Exception {
        JsonCalls calls = standIn(
                418,
                "application/problem+json",
                "{\"type\":\"urn:gaara:problem:not-found\",\"title\":\"t\",\"status\":418}",
                EVERY_ANSWERS_HEADERS);

        assertThatThrownBy(() -> calls.get("/api/v1/auth/me", "token"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status 418 is not documented for GET /api/v1/auth/me");
    }

    @Test
    void givenA401WithoutItsBearerChallenge_whenJsonCallsReceivesIt_thenTheTestFails() throws Exception {
        JsonCalls calls = standIn(
                401,
                "application/problem+json",
                "{\"type\":\"urn:gaara:problem:invalid-token\",\"title\":\"t\",\"status\":401}",
                EVERY_ANSWERS_HEADERS);

        assertThatThrownBy(() -> calls.get("/api/v1/auth/me", "token"))
                .hasMessageContaining("header WWW-Authenticate is required but absent");
    }

    @Test
    void givenAProblemOfTheWrongTypeOrAnErrorAsText_whenReceived_thenTheTestFails() throws Exception {
        JsonCalls wrongType = standIn(
                401,
                "application/problem+json",
                "{\"type\":\"urn:gaara:problem:invalid-credentials\",\"title\":\"t\",\"status\":401}",
                withChallenge());
        assertThatThrownBy(() -> wrongType.get("/api/v1/auth/me", "token")).hasMessageContaining("/type");
        standIn.close();

        JsonCalls text = standIn(401, "text/plain", "Unauthorized", withChallenge());
        assertThatThrownBy(() -> text.get("/api/v1/auth/me", "token"))
                .hasMessageContaining(
                        "Content-Type text/plain where the document describes [application/problem+json]");
    }

    @Test
    void givenAValueBreakingItsFormatOrAMissingSecurityHeader_whenReceived_thenTheTestFails() throws Exception {
        JsonCalls badDate = standIn(
                200, "application/json", ME.replace("2026-01-01T00:00:00Z", "yesterday"), EVERY_ANSWERS_HEADERS);
        assertThatThrownBy(() -> badDate.get("/api/v1/auth/me", "token")).hasMessageContaining("created_at");
        standIn.close();

        Map<String, String> cacheable = new HashMap<>(EVERY_ANSWERS_HEADERS);
        cacheable.put("Cache-Control", "public, max-age=60");
        JsonCalls cached = standIn(200, "application/json", ME, cacheable);
        assertThatThrownBy(() -> cached.get("/api/v1/auth/me", "token")).hasMessageContaining("header Cache-Control");
    }

    // --- the document loses what the real server answers: the check against it fails

    @Test
    void givenADocumentWithoutRegistersConflict_whenTheServerAnswers409_thenTheCheckFails() throws Exception {
        ObjectNode document = (ObjectNode) OpenApiContract.gaara().document();
        ((ObjectNode) document.at("/paths/~1api~1v1~1auth~1register/post/responses")).remove("409");
        HttpClient client = OpenApiContract.of(document).client();
        startServer();
        assertThat(client.send(post("/api/v1/auth/register", credentials(EMAIL, PASSWORD)), ofString())
                        .statusCode())
                .isEqualTo(201);

        assertThatThrownBy(() -> client.send(post("/api/v1/auth/register", credentials(EMAIL, PASSWORD)), ofString()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("status 409 is not documented for POST /api/v1/auth/register");
    }

    @Test
    void givenADocumentWhoseTokensLackExpiresIn_whenLoginAnswersWithIt_thenTheCheckFailsOnTheField() throws Exception {
        ObjectNode document = (ObjectNode) OpenApiContract.gaara().document();
        ObjectNode tokens = (ObjectNode) document.at("/components/schemas/Tokens");
        ((ObjectNode) tokens.get("properties")).remove("expires_in");
        ArrayNode required = ((ArrayNode) tokens.get("required"));
        required.removeAll();
        required.add("access_token").add("refresh_token").add("token_type");
        HttpClient client = OpenApiContract.of(document).client();
        startServer();
        new JsonCalls(server.port()).post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null);

        assertThatThrownBy(() -> client.send(post("/api/v1/auth/login", credentials(EMAIL, PASSWORD)), ofString()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expires_in");
    }

    @Test
    void givenABodyOnAnAnswerTheDocumentGivesNone_whenChecked_thenItIsAViolation() {
        // a stand-in cannot send a body with 204 (HTTP forbids it), so the check is asked directly
        Map<String, List<String>> headers = new HashMap<>();
        EVERY_ANSWERS_HEADERS.forEach((name, value) -> headers.put(name, List.of(value)));

        assertThat(OpenApiContract.gaara().violations("POST", "/api/v1/auth/logout", 204, headers, ""))
                .isEmpty();
        assertThat(OpenApiContract.gaara().violations("POST", "/api/v1/auth/logout", 204, headers, "{\"ok\":true}"))
                .containsExactly("a body where the document describes none: {\"ok\":true}");
    }

    @Test
    void givenAnUnroutedRequest_whenAnsweredOtherThanTheDocumentSays_thenItIsAViolation() throws Exception {
        JsonCalls notFound = standIn(
                404,
                "application/problem+json",
                "{\"type\":\"urn:gaara:problem:not-found\",\"title\":\"Not found\",\"status\":404}",
                EVERY_ANSWERS_HEADERS);
        assertThat(notFound.get("/nowhere", null).statusCode()).isEqualTo(404);
        standIn.close();

        JsonCalls ok = standIn(200, "application/json", "{}", EVERY_ANSWERS_HEADERS);
        assertThatThrownBy(() -> ok.get("/nowhere", null))
                .hasMessageContaining("status 200 is not documented for an unrouted request");
    }

    // --- helpers

    private void startServer() {
        server = HttpApi.create(new FakeApplication().useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
    }

    private HttpRequest post(String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static Map<String, String> withChallenge() {
        Map<String, String> headers = new HashMap<>(EVERY_ANSWERS_HEADERS);
        headers.put("WWW-Authenticate", "Bearer realm=\"gaara\", error=\"invalid_token\"");
        return headers;
    }

    /** A stand-in for Gaara answering every request with this, behind the shared client every test uses. */
    private JsonCalls standIn(int status, String contentType, String body, Map<String, String> headers)
            throws IOException {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Content-Type", contentType);
        standIn = new StandInServer(status, all, body);
        return new JsonCalls(standIn.port());
    }
}
