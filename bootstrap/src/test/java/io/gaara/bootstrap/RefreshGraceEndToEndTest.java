package io.gaara.bootstrap;

import static io.gaara.bootstrap.TestServers.uniqueEmail;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reuse grace over real HTTP on two instances sharing one database and one (test-driven) clock: a refresh whose
 * response is lost on the wire, retried within the grace, gets a pair that works; retried after it, it ends the family.
 * With the default grace of 0 the retry is reuse at once.
 */
class RefreshGraceEndToEndTest {
    private static final String PASSWORD = "a long and unusual passphrase " + UUID.randomUUID();
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static GaaraServer lenientA;
    private static GaaraServer lenientB;
    private static GaaraServer strict;
    private static ApiClient a;
    private static ApiClient b;

    @BeforeAll
    static void start() {
        Map<String, String> grace = Map.of("GAARA_REFRESH_REUSE_GRACE", GRACE.toSeconds() + "s");
        lenientA = TestServers.start(grace, CLOCK);
        lenientB = TestServers.start(grace, CLOCK);
        strict = TestServers.start(Map.of(), CLOCK);
        a = new ApiClient(lenientA.port());
        b = new ApiClient(lenientB.port());
    }

    @AfterAll
    static void stop() {
        lenientA.close();
        lenientB.close();
        strict.close();
    }

    @Test
    void givenLostRefreshResponse_whenRetriedOnAnotherInstanceWithinGrace_thenPairWorksForMeAndTheNextRefresh()
            throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        String spent = a.login(email, PASSWORD).text("refresh_token");
        refreshAndLoseTheResponse(lenientA.port(), spent);
        CLOCK.advance(GRACE.minusSeconds(1));

        var retry = b.refresh(spent);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(generationOf(email)).as("the retry did not rotate").isEqualTo(2);
        assertThat(jti(retry.text("refresh_token"))).isEqualTo(currentTokenIdOf(email));
        assertThat(a.me(retry.text("access_token")).status()).isEqualTo(200);
        var next = a.refresh(retry.text("refresh_token"));
        assertThat(next.status()).isEqualTo(200);
        assertThat(b.me(next.text("access_token")).status()).isEqualTo(200);
        assertThat(refreshDetailsOf(email)).containsExactly("null", "reissued_within_grace", "null");
    }

    @Test
    void givenLostRefreshResponse_whenRetriedAfterTheGrace_thenFamilyRevokedEverywhere() throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        String spent = a.login(email, PASSWORD).text("refresh_token");
        refreshAndLoseTheResponse(lenientA.port(), spent);
        var withinGrace = b.refresh(spent);
        assertThat(withinGrace.status()).isEqualTo(200);
        CLOCK.advance(GRACE);

        var late = b.refresh(spent);

        assertThat(late.status()).isEqualTo(401);
        assertThat(late.text("type")).isEqualTo("urn:gaara:problem:invalid-refresh-token");
        assertThat(revocationReasonOf(email)).isEqualTo("refresh_token_reuse");
        assertThat(a.refresh(withinGrace.text("refresh_token")).status()).isEqualTo(401);
        assertThat(EndToEndTest.millisUntilRefused(a, withinGrace.text("access_token")))
                .isLessThan(1000);
    }

    @Test
    void givenNoGrace_whenLostRefreshResponseRetriedAtOnce_thenReuseEndsTheFamily() throws Exception {
        ApiClient s = new ApiClient(strict.port());
        String email = uniqueEmail();
        s.register(email, PASSWORD);
        var login = s.login(email, PASSWORD);
        refreshAndLoseTheResponse(strict.port(), login.text("refresh_token"));

        assertThat(s.refresh(login.text("refresh_token")).status()).isEqualTo(401);

        assertThat(revocationReasonOf(email)).isEqualTo("refresh_token_reuse");
        assertThat(EndToEndTest.millisUntilRefused(s, login.text("access_token")))
                .isLessThan(1000);
    }

    @Test
    void givenReuseGrace_when20ParallelRefreshesOnTwoInstances_thenOneRotationAndEveryAnswerCarriesItsToken()
            throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        String refreshToken = a.login(email, PASSWORD).text("refresh_token");
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiClient.Response>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ApiClient client = i % 2 == 0 ? a : b;
            futures.add(pool.submit(() -> {
                go.await();
                return client.refresh(refreshToken);
            }));
        }
        go.countDown();
        List<ApiClient.Response> answers = new ArrayList<>();
        for (Future<ApiClient.Response> f : futures) {
            answers.add(f.get());
        }
        pool.shutdown();

        assertThat(answers).extracting(ApiClient.Response::status).containsOnly(200);
        assertThat(generationOf(email)).as("exactly one rotation won").isEqualTo(2);
        String current = currentTokenIdOf(email);
        assertThat(answers).extracting(r -> jti(r.text("refresh_token"))).containsOnly(current);
        assertThat(refreshDetailsOf(email)).filteredOn("null"::equals).hasSize(1);
        assertThat(b.refresh(answers.get(5).text("refresh_token")).status()).isEqualTo(200);
    }

    /**
     * Sends a refresh whose answer goes missing: the server rotates and starts answering; the client reads none of it.
     */
    private static void refreshAndLoseTheResponse(int port, String refreshToken) throws IOException {
        byte[] body = ("{\"refresh_token\":\"" + refreshToken + "\"}").getBytes(UTF_8);
        String head = "POST /api/v1/auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(UTF_8));
            out.write(body);
            out.flush();
            // the first byte of the answer comes after the rotation committed; the connection drops before the rest
            assertThat(socket.getInputStream().read()).isNotNegative();
        }
    }

    private static String jti(String jwt) {
        return ApiClient.claim(jwt, "jti");
    }

    private static long generationOf(String email) throws Exception {
        return Long.parseLong(sessionColumn(email, "generation"));
    }

    private static String currentTokenIdOf(String email) throws Exception {
        return sessionColumn(email, "current_token_id");
    }

    private static String revocationReasonOf(String email) throws Exception {
        return sessionColumn(email, "revocation_reason");
    }

    private static String sessionColumn(String email, String column) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("SELECT s." + column
                        + "::text FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ?")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("one session for %s", email).isTrue();
                String value = rs.getString(1);
                assertThat(rs.next()).isFalse();
                return value;
            }
        }
    }

    /** The detail of each successful refresh of the user's session, oldest first ("null" for a plain rotation). */
    private static List<String> refreshDetailsOf(String email) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("""
                        SELECT coalesce(e.detail, 'null') FROM audit_events e JOIN users u ON u.id = e.user_id
                         WHERE u.email = ? AND e.type = 'refresh' AND e.outcome = 'success' ORDER BY e.id""")) {
            s.setString(1, email);
            List<String> details = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
            return details;
        }
    }
}
