package io.gaara.adapters.http;

import static io.gaara.adapters.http.JsonCalls.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.domain.FailedTokenUse;
import io.gaara.testsupport.OpenApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed token uses over real HTTP reach the security log under the client address the server attributes the request to
 * (behind a trusted proxy, the forwarded one), per kind, and the answers stay exactly what the contract says.
 */
class SecurityLogHttpTest {
    private static final String ATTACKER = "198.51.100.66";
    private static final String OTHER = "203.0.113.9";

    private final HttpClient client = OpenApiContract.gaara().client();
    private FakeApplication app;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() {
        app = new FakeApplication();
        HttpSettings behindProxy = new HttpSettings(
                "127.0.0.1",
                0,
                4096,
                HttpSettings.DEFAULT_DRAIN_TIMEOUT,
                HttpSettings.DEFAULT_MAX_CONNECTIONS,
                HashingLaneSettings.defaults(),
                List.of("127.0.0.1/32"));
        server = HttpApi.create(app.useCases, behindProxy, List.of()).start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void givenForgedAccessTokens_whenProtectedRoutesCalled_thenCountedPerForwardedAddress() throws Exception {
        String forged = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
        assertThat(send("GET", "/api/v1/auth/me", null, forged, ATTACKER).statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/api/v1/auth/sessions", null, forged, ATTACKER).statusCode())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v1/auth/logout-all", "{}", "garbage", OTHER)
                        .statusCode())
                .isEqualTo(401);
        // no token at all is a plain 401, not a failed token use
        assertThat(send("GET", "/api/v1/auth/me", null, null, ATTACKER).statusCode())
                .isEqualTo(401);

        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactly(
                        tuple(FailedTokenUse.ACCESS_TOKEN_INVALID, ATTACKER, 2L),
                        tuple(FailedTokenUse.ACCESS_TOKEN_INVALID, OTHER, 1L));
    }

    @Test
    void givenBadRefreshTokens_whenRefreshOrLogout_thenCountedPerKind() throws Exception {
        String body = "{\"refresh_token\":\"rt.not-one-of-ours\"}";
        assertThat(send("POST", "/api/v1/auth/refresh", body, null, ATTACKER).statusCode())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v1/auth/refresh", body, null, ATTACKER).statusCode())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v1/auth/logout", body, null, ATTACKER).statusCode())
                .isEqualTo(401);

        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactly(
                        tuple(FailedTokenUse.LOGOUT_TOKEN_INVALID, ATTACKER, 1L),
                        tuple(FailedTokenUse.REFRESH_TOKEN_INVALID, ATTACKER, 2L));
    }

    @Test
    void givenAnotherUsersSessionId_whenDeleted_then404LikeAMissingOneAndCounted() throws Exception {
        String victim = accessToken("ann@example.com");
        String victimSession = JSON.readTree(send("GET", "/api/v1/auth/sessions", null, victim, OTHER)
                        .body())
                .get("sessions")
                .get(0)
                .get("id")
                .asText();
        String eve = accessToken("eve@example.com");

        var response = send("DELETE", "/api/v1/auth/sessions/" + victimSession, null, eve, ATTACKER);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/v1/auth/me", null, victim, OTHER).statusCode())
                .as("the victim's session lives on")
                .isEqualTo(200);
        assertThat(logged())
                .extracting(FailedTokenUseCount::kind, FailedTokenUseCount::clientIp, FailedTokenUseCount::count)
                .containsExactly(tuple(FailedTokenUse.FOREIGN_SESSION_END, ATTACKER, 1L));
    }

    private List<FailedTokenUseCount> logged() {
        assertThat(app.securityLog.flush().failure()).isNull();
        return app.failedTokenUses.since(Instant.EPOCH);
    }

    private String accessToken(String email) throws Exception {
        String credentials = JsonCalls.credentials(email, "correct horse battery");
        assertThat(send("POST", "/api/v1/auth/register", credentials, null, OTHER)
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<String> login = send("POST", "/api/v1/auth/login", credentials, null, OTHER);
        JsonNode body = JSON.readTree(login.body());
        return body.get("access_token").asText();
    }

    private HttpResponse<String> send(String method, String path, String json, String bearer, String forwardedFor)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path)).header("X-Forwarded-For", forwardedFor);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(
                request.method(
                                method,
                                json == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
