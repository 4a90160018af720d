package io.gaara.bootstrap;

import static io.gaara.bootstrap.TestServers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Gaara instances on one PostgreSQL with {@code GAARA_SESSIONS_MAX_PER_USER=3}: logins of one user racing on both
 * leave exactly three live sessions and end exactly the surplus, and a session ended by the cap on one instance is
 * refused on the other within about a second, as after a logout.
 */
class SessionCapAcrossInstancesTest {
    private static final int CAP = 3;
    private static final String PASSWORD = "capped sessions passphrase " + UUID.randomUUID();
    private static final Map<String, String> CONFIG = Map.of("GAARA_SESSIONS_MAX_PER_USER", String.valueOf(CAP));

    private static GaaraServer serverA;
    private static GaaraServer serverB;

    @BeforeAll
    static void start() {
        ApiClient.SECRETS_SEEN.add(PASSWORD);
        serverA = TestServers.start(CONFIG);
        serverB = TestServers.start(CONFIG);
    }

    @AfterAll
    static void stop() {
        serverA.close();
        serverB.close();
    }

    @Test
    void givenLoginsRacingOnTwoInstances_whenTheyPassTheCap_thenExactlyTheCapStaysAndEverySurplusSessionEndsOnce()
            throws Exception {
        ApiClient a = new ApiClient(serverA.port());
        ApiClient b = new ApiClient(serverB.port());
        String email = uniqueEmail();
        assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            first.add(a.login(email, PASSWORD).text("access_token"));
        }
        int racing = 10;
        CyclicBarrier together = new CyclicBarrier(racing);
        ExecutorService pool = Executors.newFixedThreadPool(racing);
        List<Future<ApiClient.Response>> logins = new ArrayList<>();
        try {
            for (int i = 0; i < racing; i++) {
                ApiClient instance = i % 2 == 0 ? a : b;
                logins.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return instance.login(email, PASSWORD);
                }));
            }
            for (Future<ApiClient.Response> login : logins) {
                assertThat(login.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(count(email, "revoked_at IS NULL")).isEqualTo(CAP);
        assertThat(count(email, "revocation_reason = 'session_limit'")).isEqualTo(racing);
        assertThat(evictionsAudited(email)).isEqualTo(racing);
        // the first three were the oldest: each ended, and refused on both instances within about a second
        for (String access : first) {
            for (ApiClient instance : List.of(a, b)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                int status = instance.me(access).status();
                while (status != 401 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                    status = instance.me(access).status();
                }
                assertThat(status).isEqualTo(401);
            }
        }
        ApiClient.Response listed = b.sessions(b.login(email, PASSWORD).text("access_token"));
        assertThat(listed.body().get("sessions")).hasSize(CAP);
    }

    private static int count(String email, String condition) throws Exception {
        return single(
                "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = ? AND s." + condition,
                email);
    }

    private static int evictionsAudited(String email) throws Exception {
        return single(
                "SELECT count(*) FROM audit_events e JOIN users u ON u.id = e.user_id"
                        + " WHERE u.email = ? AND e.type = 'session_evicted'",
                email);
    }

    private static int single(String query, String email) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
