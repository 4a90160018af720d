package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.OpenApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The security log as the server runs it: forged tokens sent over HTTP through a trusted proxy land in
 * {@code failed_token_use} under the forwarded address, written on the schedule while the server runs and at shutdown
 * for what came after; an address over the threshold is one WARN line that names it and never the token.
 */
class SecurityLogEndToEndTest {
    private final HttpClient client = OpenApiContract.gaara().client();

    private static final String FORGED =
            "eyJhbGciOiJIUzI1NiIsInR5cCI6ImF0K2p3dCJ9.eyJzdWIiOiJwbGFudGVkIn0.Zm9yZ2VkLXNpZ25hdHVyZQ";

    @Test
    void givenForgedTokensFromOneAddress_whenServerRuns_thenWrittenOnTheScheduleAndWarnedOnceWithoutTheToken()
            throws Exception {
        String attacker = TestServers.freshAddress();
        try (CapturedLogs logs = CapturedLogs.of("io.gaara")) {
            try (GaaraServer server = TestServers.start(Map.of(
                    "GAARA_HTTP_TRUSTED_PROXIES", "127.0.0.1/32",
                    "GAARA_SECURITY_LOG_FLUSH_INTERVAL", "1s",
                    "GAARA_SECURITY_LOG_ALERT_THRESHOLD", "5"))) {
                for (int i = 0; i < 6; i++) {
                    assertThat(send(server, "GET", "/api/v1/auth/me", null, FORGED, attacker))
                            .isEqualTo(401);
                }
                // written by the schedule, the server still running
                Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
                while (!counts(attacker).equals(Map.of("access_token_invalid", 6L))
                        && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
                assertThat(counts(attacker)).containsExactly(Map.entry("access_token_invalid", 6L));
            }

            assertThat(logs.lines())
                    .filteredOn(l -> l.contains("security log: 5 or more"))
                    .singleElement()
                    .satisfies(
                            l -> assertThat(l).contains("access_token_invalid").contains(attacker));
            assertThat(logs.allText()).doesNotContain(FORGED).doesNotContain("Zm9yZ2VkLXNpZ25hdHVyZQ");
        }
    }

    @Test
    void givenFailuresSinceTheLastScheduledWrite_whenServerStops_thenTheShutdownWritesThem() throws Exception {
        String attacker = TestServers.freshAddress();
        try (GaaraServer server = TestServers.start(Map.of(
                "GAARA_HTTP_TRUSTED_PROXIES", "127.0.0.1/32",
                // no scheduled write within this test
                "GAARA_SECURITY_LOG_FLUSH_INTERVAL", "60s"))) {
            assertThat(send(
                            server,
                            "POST",
                            "/api/v1/auth/refresh",
                            "{\"refresh_token\":\"" + FORGED + "\"}",
                            null,
                            attacker))
                    .isEqualTo(401);
            assertThat(send(server, "POST", "/api/v1/auth/logout", "{\"refresh_token\":\"x\"}", null, attacker))
                    .isEqualTo(401);
            assertThat(counts(attacker)).isEmpty();
        }

        assertThat(counts(attacker))
                .containsExactly(Map.entry("logout_token_invalid", 1L), Map.entry("refresh_token_invalid", 1L));
    }

    private int send(GaaraServer server, String method, String path, String json, String bearer, String forwardedFor)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("X-Forwarded-For", forwardedFor);
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
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    /** Each kind's total for one address, as an operator's query would sum it. */
    private static Map<String, Long> counts(String ip) throws Exception {
        Map<String, Long> totals = new LinkedHashMap<>();
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("SELECT kind, sum(count) FROM failed_token_use"
                        + " WHERE client_ip = ? GROUP BY kind ORDER BY kind")) {
            s.setString(1, ip);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return totals;
    }
}
