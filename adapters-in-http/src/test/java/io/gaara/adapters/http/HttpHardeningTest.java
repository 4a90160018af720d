package io.gaara.adapters.http;

import static io.gaara.adapters.http.JsonCalls.assertProblem;
import static io.gaara.adapters.http.JsonCalls.credentials;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.OpenApiContract;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an outside fuzz campaign and a security review found in the HTTP layer (issue 10), each kept as a regression
 * test: method override, bodies without a JSON media type, ambiguous credentials, malformed UTF-8 and lone surrogates,
 * and the headers an API that is never rendered should send.
 */
class HttpHardeningTest {
    private static final String EMAIL = "ann@example.com";
    private static final String PASSWORD = "correct horse battery";

    private FakeApplication app;
    private HttpServer server;
    private JsonCalls calls;

    @BeforeEach
    void start() throws Exception {
        app = new FakeApplication();
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of())
                .start();
        calls = new JsonCalls(server.port());
        assertThat(calls.post("/api/v1/auth/register", credentials(EMAIL, PASSWORD), null)
                        .statusCode())
                .isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> raw(HttpRequest.Builder request) throws Exception {
        return OpenApiContract.gaara().client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void givenMethodOverrideHeader_whenGetSentToEndEverySession_thenRefusedAndTheSessionsLive() throws Exception {
        String access = calls.accessToken(EMAIL, PASSWORD);

        var overridden = OpenApiContract.gaara()
                .client()
                .send(
                        HttpRequest.newBuilder(uri("/api/v1/auth/logout-all"))
                                .header("Authorization", "Bearer " + access)
                                .header("X-HTTP-Method-Override", "POST")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertProblem(overridden, 400, "malformed-request");
        assertThat(calls.get("/api/v1/auth/me", access).statusCode()).isEqualTo(200);
    }

    @Test
    void givenBodyWithoutContentTypeOrAsTextPlain_whenLoginPosted_then415() throws Exception {
        String body = credentials(EMAIL, PASSWORD);

        var none =
                raw(HttpRequest.newBuilder(uri("/api/v1/auth/login")).POST(HttpRequest.BodyPublishers.ofString(body)));
        var text = raw(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body)));

        assertProblem(none, 415, "unsupported-media-type");
        assertProblem(text, 415, "unsupported-media-type");
    }

    @Test
    void givenTwoAuthorizationHeaders_whenProtectedRouteCalled_thenRefusedAsAmbiguous() throws Exception {
        String access = calls.accessToken(EMAIL, PASSWORD);

        var twice = raw(HttpRequest.newBuilder(uri("/api/v1/auth/me"))
                .header("Authorization", "Bearer " + access)
                .header("Authorization", "Bearer not-a-token")
                .GET());

        assertProblem(twice, 400, "malformed-request");
    }

    @Test
    void givenLoneSurrogateEscape_whenRegistered_thenRefusedNotFoldedIntoAQuestionMark() throws Exception {
        var lone = calls.post(
                "/api/v1/auth/register", "{\"email\":\"x@example.com\",\"password\":\"pass\\ud800word long\"}", null);

        assertProblem(lone, 400, "malformed-request");
        var paired = calls.post(
                "/api/v1/auth/register",
                "{\"email\":\"y@example.com\",\"password\":\"pass\\ud83d\\ude00word long\"}",
                null);
        assertThat(paired.statusCode())
                .as("a paired escape is a real character")
                .isEqualTo(201);
    }

    @Test
    void givenOverlongUtf8_whenPosted_thenRefusedAsMalformed() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"email\":\"a".getBytes(StandardCharsets.US_ASCII));
        body.write(0xC0); // C0 AF: an overlong '/', which a lenient decoder reads as '/'
        body.write(0xAF);
        body.writeBytes("b@example.com\",\"password\":\"long enough pass\"}".getBytes(StandardCharsets.US_ASCII));

        var answer = raw(HttpRequest.newBuilder(uri("/api/v1/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));

        assertProblem(answer, 400, "malformed-request");
    }

    @Test
    void givenAnyAnswer_whenHeadersRead_thenTheApiIsNeverRenderedFramedOrCached() throws Exception {
        for (var answer : List.of(
                calls.post("/api/v1/auth/login", credentials(EMAIL, PASSWORD), null),
                calls.post("/api/v1/auth/login", credentials(EMAIL, "wrong one"), null),
                raw(HttpRequest.newBuilder(uri("/health/live")).GET()))) {
            assertThat(answer.headers().firstValue("Content-Security-Policy"))
                    .hasValue("default-src 'none'; frame-ancestors 'none'");
            assertThat(answer.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(answer.headers().firstValue("Cross-Origin-Resource-Policy"))
                    .hasValue("same-origin");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
    }

    @Test
    void givenRawSocketWithMethodOverrideOnDelete_whenSent_thenTheSessionIsNotEnded() throws Exception {
        String access = calls.accessToken(EMAIL, PASSWORD);
        String sessions = calls.get("/api/v1/auth/sessions", access).body();
        String id = JsonCalls.JSON
                .readTree(sessions)
                .get("sessions")
                .get(0)
                .get("id")
                .asText();

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            String request =
                    "GET /api/v1/auth/sessions/" + id + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                            + access + "\r\nX-HTTP-Method-Override: DELETE\r\nConnection: close\r\n\r\n";
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            OpenApiContract.gaara().checkRaw(request, answer);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
        assertThat(calls.get("/api/v1/auth/me", access).statusCode()).isEqualTo(200);
    }

    /** Sends {@code request} as it is and reads until the server closes; the client keeps its side open. */
    private String rawExchange(String request) throws Exception {
        String answer = RawHttp.exchange(server.port(), request);
        if (answer.startsWith("HTTP/1.1 ")) {
            OpenApiContract.gaara().checkRaw(request, answer);
        }
        return answer;
    }

    @Test
    void givenOversizedBodies_whenSentChunkedWithoutALength_then413EachAndNothingAboveDebugInTheLog() throws Exception {
        String big = "{\"email\":\"" + "a".repeat(20_000) + "\"}";
        try (CapturedLogs logs = CapturedLogs.everything()) {
            for (int i = 0; i < 20; i++) {
                var answer = raw(HttpRequest.newBuilder(uri("/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        // no Content-Length: the size is known only once the body is read
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8)))));
                assertProblem(answer, 413, "payload-too-large");
            }
            assertThat(logs.events())
                    .as("a flood of oversized bodies costs the log nothing")
                    .noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.INFO));
        }
    }

    @Test
    void givenClientGoneMidBody_whenTheBodyIsRead_thenA400AndNoStackTraceInTheLog() throws Exception {
        try (CapturedLogs logs = CapturedLogs.everything();
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                            + "\r\nContent-Length: 100\r\n\r\n{\"email\":")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).doesNotContain(" 500 ").doesNotContain("internal-error");
            assertThat(logs.lines()).noneMatch(line -> line.contains("\tat ") || line.contains("ERROR"));
        }
    }

    @Test
    void givenUnsupportedHttpVersions_whenSent_thenAProblemNeverA500() throws Exception {
        for (String line : List.of("GET /health/live HTTP/1.2", "GET /health/live FOO/1.1", "GET /health/live")) {
            String answer = rawExchange(line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n");

            assertThat(answer).as(line).doesNotStartWith("HTTP/1.1 500");
            if (!answer.isEmpty()) {
                assertThat(answer).as(line).matches("(?s)HTTP/1\\.[01] (400|505) .*");
                assertThat(answer).as(line).contains("application/problem+json").contains("urn:gaara:problem:");
            }
        }
    }

    @Test
    void givenExpectContinueForABodyOverTheLimit_whenSent_thenRefusedWithoutInvitingTheBody() throws Exception {
        String answer =
                rawExchange("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                        + "\r\nContent-Length: 20000000\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");

        assertThat(answer).doesNotContain("100 Continue").startsWith("HTTP/1.1 413");
        assertThat(answer).contains("urn:gaara:problem:payload-too-large");
    }

    @Test
    void givenTransferCodingOtherThanChunked_whenSent_thenRefused() throws Exception {
        String answer =
                rawExchange("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                        + "\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n");

        assertThat(answer).matches("(?s)HTTP/1\\.1 (400|501) .*").contains("urn:gaara:problem:");
    }
}
