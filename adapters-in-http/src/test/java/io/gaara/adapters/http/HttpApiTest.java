package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.RegisterUseCase;
import io.gaara.application.port.in.UseCases;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.testsupport.OpenApiContract;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract: routes, status codes, problem+json, headers; services run on in-memory fakes. */
class HttpApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = OpenApiContract.gaara().client();
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private FakeApplication app;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        app = new FakeApplication();
        server = startServer(app.useCases);
        base = "http://127.0.0.1:" + server.port();
    }

    private HttpServer startServer(UseCases useCases) {
        ReadinessProbe database = ReadinessProbe.of(
                "database", () -> databaseUp.get() ? ReadinessProbe.Readiness.UP : ReadinessProbe.Readiness.DOWN);
        return HttpApi.create(useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of(database))
                .start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenNewEmail_whenRegister_then201WithIdAndNormalizedEmail() throws Exception {
        var response = post(
                "/api/v1/auth/register", "{\"email\":\" Ann@Example.COM \",\"password\":\"correct horse battery\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("email").asText()).isEqualTo("ann@example.com");
        assertThat(body.get("id").asText()).hasSize(36);
        assertThat(body.has("password")).isFalse();
    }

    @Test
    void givenTakenEmail_whenRegister_then409Problem() throws Exception {
        register("ann@example.com", "correct horse battery");
        var response =
                post("/api/v1/auth/register", "{\"email\":\"ANN@example.com\",\"password\":\"another long secret\"}");
        assertProblem(response, 409, "email-already-registered");
    }

    @Test
    void givenCommonOrShortPassword_whenRegister_then400WeakPassword() throws Exception {
        assertProblem(
                post("/api/v1/auth/register", "{\"email\":\"a@example.com\",\"password\":\"Password123\"}"),
                400,
                "weak-password");
        assertProblem(
                post("/api/v1/auth/register", "{\"email\":\"a@example.com\",\"password\":\"short\"}"),
                400,
                "weak-password");
    }

    @Test
    void givenBadBodies_whenPosted_then4xxProblemsNever500() throws Exception {
        String path = "/api/v1/auth/register";
        assertProblem(post(path, "{not json"), 400, "malformed-request");
        assertProblem(post(path, ""), 400, "malformed-request");
        assertProblem(post(path, "[1,2]"), 400, "malformed-request");
        assertProblem(post(path, "\"text\""), 400, "malformed-request");
        assertProblem(post(path, "{\"email\":\"a@example.com\"}"), 400, "malformed-request");
        assertProblem(post(path, "{\"email\":42,\"password\":\"long enough pass\"}"), 400, "malformed-request");
        assertProblem(post(path, "{\"email\":null,\"password\":\"long enough pass\"}"), 400, "malformed-request");
        assertProblem(post(path, "{\"email\":\"a@example.com\",\"password\":{\"x\":1}}"), 400, "malformed-request");
        assertProblem(
                post(path, "{\"email\":\"a@example.com\",\"password\":\"a\",\"password\":\"b\"}"),
                400,
                "malformed-request");
        assertProblem(
                post(path, "{\"email\":\"a@example.com\",\"password\":\"long enough pass\"} trailing"),
                400,
                "malformed-request");
        assertProblem(
                post(path, "{\"email\":\"not-an-email\",\"password\":\"long enough pass\"}"), 400, "invalid-value");
        assertProblem(
                post("/api/v1/auth/login", "{\"email\":\"a@example.com\",\"password\":\"\"}"), 400, "invalid-value");
        assertProblem(post("/api/v1/auth/refresh", "{}"), 400, "malformed-request");
        assertProblem(post("/api/v1/auth/logout", "{\"refresh_token\":123}"), 400, "malformed-request");
    }

    @Test
    void givenBodyOverLimit_whenPosted_then413Problem() throws Exception {
        String big = "{\"email\":\"a@example.com\",\"password\":\"" + "x".repeat(10_000) + "\"}";
        assertProblem(post("/api/v1/auth/register", big), 413, "payload-too-large");
    }

    @Test
    void givenNonJsonContentType_whenPosted_then415Problem() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"a@example.com\",\"password\":\"x\"}"))
                .build();
        assertProblem(client.send(request, HttpResponse.BodyHandlers.ofString()), 415, "unsupported-media-type");
    }

    @Test
    void givenWrongPasswordOrUnknownEmail_whenLogin_thenSame401() throws Exception {
        register("ann@example.com", "correct horse battery");
        var wrongPassword =
                post("/api/v1/auth/login", "{\"email\":\"ann@example.com\",\"password\":\"wrong horse battery\"}");
        var unknownEmail =
                post("/api/v1/auth/login", "{\"email\":\"bob@example.com\",\"password\":\"wrong horse battery\"}");
        var malformedEmail = post("/api/v1/auth/login", "{\"email\":\"bob\",\"password\":\"wrong horse battery\"}");
        assertProblem(wrongPassword, 401, "invalid-credentials");
        assertThat(unknownEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(malformedEmail.body()).isEqualTo(wrongPassword.body());
        assertThat(wrongPassword.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void givenRegisteredUser_whenLoginThenMe_thenTokensAndProfile() throws Exception {
        register("ann@example.com", "correct horse battery");
        var login =
                post("/api/v1/auth/login", "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode tokens = JSON.readTree(login.body());
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asLong()).isEqualTo(900);
        assertThat(tokens.get("refresh_token").asText()).isNotBlank();

        var me = get("/api/v1/auth/me", tokens.get("access_token").asText());
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode profile = JSON.readTree(me.body());
        assertThat(profile.get("email").asText()).isEqualTo("ann@example.com");
        assertThat(profile.get("created_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void givenMissingOrBadBearer_whenMe_then401WithBearerChallenge() throws Exception {
        for (String token : new String[] {null, "garbage", ""}) {
            var response = get("/api/v1/auth/me", token);
            assertProblem(response, 401, "invalid-token");
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("Bearer")
                    .contains("error=\"invalid_token\"");
        }
        var basic = client.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/me"))
                        .header("Authorization", "Basic YTpi")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(basic, 401, "invalid-token");
    }

    @Test
    void givenRefreshToken_whenRefreshedThenReused_thenFamilyRevoked() throws Exception {
        JsonNode first = login(register("ann@example.com", "correct horse battery"), "correct horse battery");
        var refreshed = post(
                "/api/v1/auth/refresh",
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}");
        assertThat(refreshed.statusCode()).isEqualTo(200);
        JsonNode second = JSON.readTree(refreshed.body());
        assertThat(second.get("refresh_token").asText())
                .isNotEqualTo(first.get("refresh_token").asText());

        var reused = post(
                "/api/v1/auth/refresh",
                "{\"refresh_token\":\"" + first.get("refresh_token").asText() + "\"}");
        assertProblem(reused, 401, "invalid-refresh-token");
        var afterReuse = post(
                "/api/v1/auth/refresh",
                "{\"refresh_token\":\"" + second.get("refresh_token").asText() + "\"}");
        assertProblem(afterReuse, 401, "invalid-refresh-token");
        assertProblem(get("/api/v1/auth/me", second.get("access_token").asText()), 401, "invalid-token");
    }

    @Test
    void givenSession_whenLogout_then204AndTokensDead() throws Exception {
        JsonNode tokens = login(register("ann@example.com", "correct horse battery"), "correct horse battery");
        var logout = post(
                "/api/v1/auth/logout",
                "{\"refresh_token\":\"" + tokens.get("refresh_token").asText() + "\"}");
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(logout.body()).isEmpty();
        assertProblem(get("/api/v1/auth/me", tokens.get("access_token").asText()), 401, "invalid-token");
        assertProblem(
                post(
                        "/api/v1/auth/refresh",
                        "{\"refresh_token\":\"" + tokens.get("refresh_token").asText() + "\"}"),
                401,
                "invalid-refresh-token");
        // logging out twice is harmless
        assertThat(post(
                                "/api/v1/auth/logout",
                                "{\"refresh_token\":\""
                                        + tokens.get("refresh_token").asText() + "\"}")
                        .statusCode())
                .isEqualTo(204);
    }

    @Test
    void givenTwoSessions_whenLogoutAll_thenBothDead() throws Exception {
        String email = register("ann@example.com", "correct horse battery");
        JsonNode phone = login(email, "correct horse battery");
        JsonNode laptop = login(email, "correct horse battery");
        var response = postWithBearer(
                "/api/v1/auth/logout-all", laptop.get("access_token").asText());
        assertThat(response.statusCode()).isEqualTo(204);
        assertProblem(get("/api/v1/auth/me", phone.get("access_token").asText()), 401, "invalid-token");
        assertProblem(get("/api/v1/auth/me", laptop.get("access_token").asText()), 401, "invalid-token");
    }

    @Test
    void givenTwoSessions_whenListedAndOneEnded_thenOnlyOtherRemains() throws Exception {
        String email = register("ann@example.com", "correct horse battery");
        JsonNode phone = login(email, "correct horse battery");
        JsonNode laptop = login(email, "correct horse battery");
        String laptopAccess = laptop.get("access_token").asText();

        JsonNode listed =
                JSON.readTree(get("/api/v1/auth/sessions", laptopAccess).body()).get("sessions");
        assertThat(listed).hasSize(2);
        JsonNode other = null;
        for (JsonNode s : listed) {
            if (!s.get("current").asBoolean()) {
                other = s;
            }
        }
        assertThat(other).isNotNull();
        assertThat(other.get("ip").asText()).isEqualTo("127.0.0.1");

        var ended = delete("/api/v1/auth/sessions/" + other.get("id").asText(), laptopAccess);
        assertThat(ended.statusCode()).isEqualTo(204);
        assertProblem(get("/api/v1/auth/me", phone.get("access_token").asText()), 401, "invalid-token");
        assertThat(JSON.readTree(get("/api/v1/auth/sessions", laptopAccess).body())
                        .get("sessions"))
                .hasSize(1);
        assertProblem(delete("/api/v1/auth/sessions/" + other.get("id").asText(), laptopAccess), 404, "not-found");
        assertProblem(delete("/api/v1/auth/sessions/not-a-uuid", laptopAccess), 404, "not-found");
    }

    @Test
    void givenAnotherUsersSession_whenEnded_then404AndSessionLives() throws Exception {
        JsonNode ann = login(register("ann@example.com", "correct horse battery"), "correct horse battery");
        JsonNode bob = login(register("bob@example.com", "staple paper clip"), "staple paper clip");
        String bobSession = JSON.readTree(
                        get("/api/v1/auth/sessions", bob.get("access_token").asText())
                                .body())
                .get("sessions")
                .get(0)
                .get("id")
                .asText();
        assertProblem(
                delete(
                        "/api/v1/auth/sessions/" + bobSession,
                        ann.get("access_token").asText()),
                404,
                "not-found");
        assertThat(get("/api/v1/auth/me", bob.get("access_token").asText()).statusCode())
                .isEqualTo(200);
    }

    @Test
    void givenUnknownPathOrWrongMethod_thenProblem404And405() throws Exception {
        assertProblem(get("/nope", null), 404, "not-found");
        assertProblem(get("/api/v1/auth/login", null), 405, "method-not-allowed");
    }

    @Test
    void givenUseCaseBlowsUp_whenCalled_then500WithoutInternals() throws Exception {
        server.stop();
        RegisterUseCase broken = command -> {
            throw new IllegalStateException("db password is hunter2 at jdbc:postgresql://secret-host");
        };
        UseCases u = app.useCases;
        server = startServer(SwappedUseCases.withRegister(u, broken));
        base = "http://127.0.0.1:" + server.port();
        var response = post("/api/v1/auth/register", "{\"email\":\"a@example.com\",\"password\":\"long enough pass\"}");
        assertProblem(response, 500, "internal-error");
        assertThat(response.body())
                .doesNotContain("hunter2")
                .doesNotContain("secret-host")
                .doesNotContain("Exception")
                .doesNotContain("at io.");
    }

    @Test
    void givenUseCaseFailsOnItsOwnSocket_whenCalled_thenA500NotTheClientsFault() throws Exception {
        server.stop();
        // an I/O error of the server's own (a provider's or a database's socket) is no request the client garbled
        RegisterUseCase broken = command -> {
            throw new UncheckedIOException(new SocketException("Connection reset by peer"));
        };
        server = startServer(SwappedUseCases.withRegister(app.useCases, broken));
        base = "http://127.0.0.1:" + server.port();

        var response = post("/api/v1/auth/register", "{\"email\":\"a@example.com\",\"password\":\"long enough pass\"}");

        assertProblem(response, 500, "internal-error");
    }

    @Test
    void givenSessionsCannotBeChecked_whenTokenRoutesCalled_then503RetryNot401() throws Exception {
        register("ann@example.com", "correct horse battery");
        String access = login("ann@example.com", "correct horse battery")
                .get("access_token")
                .asText();
        app.revocations.cannotTell(true);

        for (var response : List.of(
                get("/api/v1/auth/me", access),
                get("/api/v1/auth/sessions", access),
                postWithBearer("/api/v1/auth/logout-all", access))) {
            // an outage, answered as one: a 401 would make the client throw its session away
            assertProblem(response, 503, "unavailable");
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
        }

        app.revocations.cannotTell(false);
        assertThat(get("/api/v1/auth/me", access).statusCode())
                .as("the session survived the blip")
                .isEqualTo(200);
    }

    @Test
    void givenTrustedProxy_whenItForwardsTheClient_thenTheAuditRecordsTheClientNotTheProxy() throws Exception {
        HttpSettings behindProxy = new HttpSettings(
                "127.0.0.1",
                0,
                4096,
                HttpSettings.DEFAULT_DRAIN_TIMEOUT,
                HttpSettings.DEFAULT_MAX_CONNECTIONS,
                HashingLaneSettings.defaults(),
                List.of("127.0.0.1/32"));
        server.stop();
        server = HttpApi.create(app.useCases, behindProxy, List.of()).start();
        base = "http://127.0.0.1:" + server.port();

        assertThat(auditedClientOfRegisterForwardedFor("proxied@example.com", "1.2.3.4, 203.0.113.9"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void givenNoTrustedProxy_whenAClientSendsXForwardedFor_thenTheAuditRecordsThePeer() throws Exception {
        assertThat(auditedClientOfRegisterForwardedFor("spoofer@example.com", "203.0.113.9"))
                .isEqualTo("127.0.0.1");
    }

    @Test
    void givenDatabaseDown_whenReady_then503ButLiveStill200() throws Exception {
        assertThat(get("/health/ready", null).statusCode()).isEqualTo(200);
        databaseUp.set(false);
        // one readiness answer serves for a second (SlowClientsTest): the change shows within it
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        var ready = get("/health/ready", null);
        while (ready.statusCode() != 503 && System.nanoTime() < deadline) {
            Thread.sleep(50);
            ready = get("/health/ready", null);
        }
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()).get("checks").get("database").asText())
                .isEqualTo("DOWN");
        assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void givenSecretsServedStaleFromCache_whenReady_then200SayingDegraded() throws Exception {
        server.stop();
        ReadinessProbe secrets = ReadinessProbe.of("secrets", () -> ReadinessProbe.Readiness.DEGRADED);
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of(secrets))
                .start();
        base = "http://127.0.0.1:" + server.port();
        var ready = get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("DEGRADED");
        assertThat(JSON.readTree(ready.body()).get("checks").get("secrets").asText())
                .isEqualTo("DEGRADED");
    }

    @Test
    void givenDependenciesBehindCircuitBreakers_whenReady_thenTheBodyNamesEachBreakersState() throws Exception {
        server.stop();
        ReadinessProbe database =
                ReadinessProbe.of("database", () -> ReadinessProbe.Readiness.DOWN, () -> Optional.of("OPEN"));
        ReadinessProbe secrets =
                ReadinessProbe.of("secrets", () -> ReadinessProbe.Readiness.UP, () -> Optional.of("CLOSED"));
        ReadinessProbe plain = ReadinessProbe.of("other", () -> ReadinessProbe.Readiness.UP);
        server = HttpApi.create(app.useCases, new HttpSettings("127.0.0.1", 0, 4096), List.of(database, secrets, plain))
                .start();
        base = "http://127.0.0.1:" + server.port();

        var ready = get("/health/ready", null);

        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.get("checks").get("database").asText()).isEqualTo("DOWN");
        assertThat(body.get("breakers").properties())
                .extracting(e -> e.getKey() + "=" + e.getValue().asText())
                .containsExactly("database=OPEN", "secrets=CLOSED");
        assertThat(JSON.readTree(get("/health/live", null).body()).has("breakers"))
                .isFalse();
    }

    @Test
    void givenAnyResponse_thenNoServerVersionHeader() throws Exception {
        var response = get("/health/live", null);
        assertThat(response.headers().firstValue("Server")).isEmpty();
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void givenJsonWithCharsetOtherThanUtf8OrUnparseable_whenPosted_then415ProblemNot500() throws Exception {
        for (String contentType : new String[] {
            "application/json; charset=foo",
            "application/json; charset=\"x y\"",
            "application/json; charset=ISO-8859-1",
            "application/json;charset=",
            "application/json; charset=utf-8; charset=foo"
        }) {
            var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"a@example.com\",\"password\":\"long enough pass\"}"))
                    .build();
            assertProblem(client.send(request, HttpResponse.BodyHandlers.ofString()), 415, "unsupported-media-type");
        }
    }

    @Test
    void givenJsonWithUtf8CharsetSpelledAnyWay_whenPosted_thenAccepted() throws Exception {
        register("ann@example.com", "correct horse battery");
        for (String contentType : new String[] {
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "Application/JSON; Charset=\"utf-8\"",
            "application/problem+json"
        }) {
            var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}"))
                    .build();
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as(contentType)
                    .isEqualTo(200);
        }
    }

    @Test
    void givenHeadersOverJettyLimit_whenSent_then431ProblemJsonNotHtml() throws Exception {
        RawResponse response = raw("GET /api/v1/auth/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                + "x".repeat(10 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertRawProblem(response, 431, "request-header-fields-too-large");
    }

    @Test
    void givenUndecodablePath_whenSent_then400ProblemJsonNotHtml() throws Exception {
        for (String path : new String[] {"/api/v1/auth/sessions/%00", "/api/v1/auth/sessions/%ZZ"}) {
            RawResponse response = raw("DELETE " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertRawProblem(response, 400, "malformed-request");
            assertThat(response.body()).as(path).doesNotContain("badMessage");
        }
    }

    @Test
    void givenUndecodablePath_whenSentOnKeepAliveConnection_thenAnswerSaysCloseAndNextRequestIsAnswered()
            throws Exception {
        // Found by RequestBodyFuzzTest: Jetty drops the connection after such a 400; without Connection: close a
        // keep-alive client sent its next request on the dead connection and got no answer. A POST, because the JDK
        // client retries an idempotent request on a new connection by itself and would hide the loss.
        HttpClient keepAlive = HttpClient.newHttpClient();
        for (int i = 0; i < 3; i++) {
            var refused = keepAlive.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/sessions/%C2%A7%00x"))
                            .method("DELETE", HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.headers().firstValue("Connection")).hasValue("close");
            var next = keepAlive.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/logout"))
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(next.statusCode()).as(next.body()).isEqualTo(400);
        }
    }

    @Test
    void givenUnparseableRequestLine_whenSent_then400ProblemJsonNotHtml() throws Exception {
        assertRawProblem(
                raw("GET /health/live HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n"),
                400,
                "malformed-request");
    }

    @Test
    void givenNoCredentials_whenHeadOnProtectedRoute_then401ChallengeWithoutBody() throws Exception {
        for (String path : new String[] {"/api/v1/auth/me", "/api/v1/auth/sessions"}) {
            var response = head(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"invalid_token\"");
            assertThat(response.body()).isEmpty();
            assertThat(head(path, "garbage").statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void givenValidToken_whenHeadOnProtectedRoute_then200WithoutBody() throws Exception {
        String access = login(register("ann@example.com", "correct horse battery"), "correct horse battery")
                .get("access_token")
                .asText();
        for (String path : new String[] {"/api/v1/auth/me", "/api/v1/auth/sessions"}) {
            var response = head(path, access);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).isEmpty();
        }
    }

    @Test
    void givenDatabaseDown_whenHeadReady_then503LikeGet() throws Exception {
        databaseUp.set(false);
        assertThat(head("/health/ready", null).statusCode()).isEqualTo(503);
    }

    @Test
    void givenDependencyTemporarilyUnavailable_whenCalled_then503ProblemWithRetryAfter() throws Exception {
        server.stop();
        LoginUseCase unavailable = command -> {
            throw new TemporarilyUnavailableException("The service is busy; retry shortly.");
        };
        UseCases u = app.useCases;
        server = startServer(SwappedUseCases.withLogin(u, unavailable));
        base = "http://127.0.0.1:" + server.port();
        var response = post("/api/v1/auth/login", "{\"email\":\"a@example.com\",\"password\":\"long enough pass\"}");
        assertProblem(response, 503, "unavailable");
        assertThat(response.headers().firstValue("Retry-After")).contains("1");
    }

    @Test
    void givenRepeatedWrongPasswords_whenTriedAgain_then429ProblemWithRetryAfterAnsweredWithoutWaitingForAHash()
            throws Exception {
        GatedPasswordHasher hasher = new GatedPasswordHasher();
        restartWith(new FakeApplication(ThrottlePolicy.DEFAULT, hasher));
        register("ann@example.com", "correct horse battery");
        for (int i = 0; i < 6; i++) {
            var failed = post(
                    "/api/v1/auth/login", "{\"email\":\"ann@example.com\",\"password\":\"wrong horse " + i + "\"}");
            assertProblem(failed, 401, "invalid-credentials");
        }

        // from here any hash would hang: a throttled answer must not need one
        hasher.close();
        HttpResponse<String> throttled;
        try {
            throttled = client.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            hasher.open();
        }

        assertProblem(throttled, 429, "too-many-attempts");
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(hasher.waitedAtGate()).as("no hash was asked for").isZero();
        assertThat(JSON.readTree(throttled.body()).get("detail").asText())
                .as("which limit refused is the audit's business, not the client's")
                .doesNotContainIgnoringCase("account")
                .doesNotContainIgnoringCase("address");
        assertThat(app.audit.events())
                .last()
                .satisfies(e -> assertThat(e.type()).isEqualTo(AuditEventType.LOGIN_THROTTLED));
    }

    @Test
    void givenTenRegistrationsFromOneAddress_whenTheEleventhComes_then429WithRetryAfterTheRestOfTheHour()
            throws Exception {
        for (int i = 0; i < 10; i++) {
            register("user" + i + "@example.com", "correct horse battery");
        }
        app.clock.advance(Duration.ofMinutes(20).plusMillis(500));

        var refused = post(
                "/api/v1/auth/register", "{\"email\":\"user10@example.com\",\"password\":\"correct horse battery\"}");

        assertProblem(refused, 429, "too-many-attempts");
        assertThat(refused.headers().firstValue("Retry-After"))
                .as("39 min 59.5 s, rounded up")
                .hasValue("2400");
    }

    @Test
    void givenRequestInFlight_whenStopped_thenItCompletesAndStopWaitsForIt() throws Exception {
        server.stop();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        UseCases u = app.useCases;
        LoginUseCase slow = command -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return u.login().login(command);
        };
        server = startServer(SwappedUseCases.withLogin(u, slow));
        base = "http://127.0.0.1:" + server.port();
        register("ann@example.com", "correct horse battery");
        var inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        int port = server.port();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);
        Thread.sleep(1_500); // longer than Jetty's default shutdown idle timeout (1 s)
        assertThat(stopping).as("stop waits for the request in flight").isNotDone();
        assertThatNewConnectionsAreRefused(port);
        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(10, TimeUnit.SECONDS);
    }

    private static void assertThatNewConnectionsAreRefused(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            int first = socket.getInputStream().read();
            assertThat(first).as("a draining server takes no new request").isEqualTo(-1);
        } catch (IOException expected) {
            // refused or reset: the listener is closed
        }
    }

    // --- helpers

    private void restartWith(FakeApplication application) {
        server.stop();
        app = application;
        server = startServer(app.useCases);
        base = "http://127.0.0.1:" + server.port();
    }

    private String register(String email, String password) throws Exception {
        var response = post("/api/v1/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        return email;
    }

    private JsonNode login(String email, String password) throws Exception {
        var response = post("/api/v1/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void assertProblem(HttpResponse<String> response, int status, String slug) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:gaara:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
    }

    /** Registers with an {@code X-Forwarded-For} header and returns the client address the audit recorded. */
    private String auditedClientOfRegisterForwardedFor(String email, String xForwardedFor) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/register"))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", xForwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\"" + email + "\",\"password\":\"correct horse battery\"}"))
                .build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(201);
        return app.audit.events().get(app.audit.events().size() - 1).client().ip();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("User-Agent", "gaara-test/1.0")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postWithBearer(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(base + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return client.send(builder.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .DELETE()
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    record RawResponse(int status, Map<String, String> headers, String body) {}

    /** Jetty rejects some requests before any handler runs; java.net.http cannot even send most of them. */
    private RawResponse raw(String request) throws IOException {
        String text = RawHttp.exchange(server.port(), request);
        // every raw request here is one Jetty answers itself
        OpenApiContract.gaara().checkRaw(request, text);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("a complete response head in: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }

    private void assertRawProblem(RawResponse response, int status, String slug) throws IOException {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(response.headers()).doesNotContainKey("server");
        assertThat(response.body())
                .doesNotContainIgnoringCase("<html")
                .doesNotContainIgnoringCase("jetty")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:gaara:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
    }

    private HttpResponse<String> head(String path, String token) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return client.send(
                builder.method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
