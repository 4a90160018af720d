package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.testsupport.OpenApiContract;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code GET /api/v1/auth/sessions} a page at a time: {@code limit}, {@code cursor}, {@code next_cursor}; every answer
 * is checked against docs/openapi.yaml by the contract's client.
 */
class SessionPagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "correct horse battery";

    private final HttpClient client = OpenApiContract.gaara().client();
    private FakeApplication app;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        app = new FakeApplication();
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
        base = "http://127.0.0.1:" + server.port();
        var registered = post("/api/v1/auth/register", credentials());
        assertThat(registered.statusCode()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenSevenSessions_whenPagedByThreeWithLoginsBetweenPages_thenEachOnceNewestFirstThenNoCursor()
            throws Exception {
        List<String> expected = new ArrayList<>();
        String access = null;
        for (int i = 0; i < 7; i++) {
            JsonNode login = login();
            access = login.get("access_token").asText();
            expected.add(0, me(access));
            app.clock.advance(Duration.ofSeconds(1));
        }
        JsonNode all = JSON.readTree(get("/api/v1/auth/sessions", access).body());
        assertThat(all.has("next_cursor")).as("seven fit the default page").isFalse();
        assertThat(ids(all)).containsExactlyElementsOf(expected);

        List<String> listed = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String path = "/api/v1/auth/sessions?limit=3";
        while (path != null) {
            HttpResponse<String> response = get(path, access);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            sizes.add(page.get("sessions").size());
            listed.addAll(ids(page));
            path = page.has("next_cursor")
                    ? "/api/v1/auth/sessions?limit=3&cursor="
                            + page.get("next_cursor").asText()
                    : null;
            app.clock.advance(Duration.ofSeconds(1));
            login();
        }

        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(sizes).containsExactly(3, 3, 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=101",
                "limit=-1",
                "limit=abc",
                "limit=",
                "limit=1e2",
                "limit=%2B5",
                "limit=%205",
                "limit=99999999999",
                "limit=2&limit=3",
                "cursor=",
                "cursor=not-a-cursor",
                "cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAO5rKAA",
                "cursor=%00",
            })
    void givenABadLimitOrCursor_whenListed_then400InvalidValue(String query) throws Exception {
        String access = login().get("access_token").asText();

        HttpResponse<String> response = get("/api/v1/auth/sessions?" + query, access);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("urn:gaara:problem:invalid-value");
    }

    @Test
    void givenTheSameCursorTwice_whenListed_then400InvalidValue() throws Exception {
        String access = login().get("access_token").asText();
        login();
        String cursor = JSON.readTree(
                        get("/api/v1/auth/sessions?limit=1", access).body())
                .get("next_cursor")
                .asText();

        HttpResponse<String> response = get(
                "/api/v1/auth/sessions?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) + "&cursor="
                        + cursor,
                access);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("type").asText()).isEqualTo("urn:gaara:problem:invalid-value");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("sessions").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private JsonNode login() throws Exception {
        var response = post("/api/v1/auth/login", credentials());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The id of the session of {@code access}, as the list marks it current. */
    private String me(String access) throws Exception {
        for (JsonNode s : JSON.readTree(
                        get("/api/v1/auth/sessions?limit=100", access).body())
                .get("sessions")) {
            if (s.get("current").asBoolean()) {
                return s.get("id").asText();
            }
        }
        throw new AssertionError("no current session");
    }

    private static String credentials() {
        return "{\"email\":\"ann@example.com\",\"password\":\"" + PASSWORD + "\"}";
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
