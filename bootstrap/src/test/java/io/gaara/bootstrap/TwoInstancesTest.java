package io.gaara.bootstrap;

import static io.gaara.bootstrap.TestServers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two Gaara server processes on one PostgreSQL, as production runs them: each its own JVM started from {@code main},
 * configured by environment variables only (the {@code env} secrets backend, the same signing keys), sharing nothing
 * but the database. The last test kills one with SIGKILL under load, so the order is fixed. Each process's output is in
 * {@code target/two-instances/<name>.log}, and is searched for every password, token and key at the end.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a guard against a hang, far above the ~30 s a run takes
class TwoInstancesTest {
    private static final Logger LOG = LoggerFactory.getLogger(TwoInstancesTest.class);
    private static final Path OUTPUT = Path.of("target", "two-instances");
    private static final String PASSWORD = "two instances, one database " + UUID.randomUUID();
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final int RACES = 20;
    private static final int FREE_FAILURES = 3;

    private static ServerProcess instanceA;
    private static ServerProcess instanceB;
    private static ApiClient a;
    private static ApiClient b;

    @BeforeAll
    static void startBoth() throws Exception {
        ApiClient.SECRETS_SEEN.add(PASSWORD);
        ApiClient.SECRETS_SEEN.add(TestServers.ACCESS_KEY);
        ApiClient.SECRETS_SEEN.add(TestServers.REFRESH_KEY);
        Map<String, String> env = new HashMap<>();
        env.put("GAARA_DATABASE_URL", TestDatabase.url());
        env.put("GAARA_DATABASE_POOL_SIZE", "5");
        env.put("GAARA_HTTP_PORT", "0");
        env.put("GAARA_SECRETS_BACKEND", "env");
        env.put("JWT_SECRET_KEY", TestServers.ACCESS_KEY);
        env.put("JWT_REFRESH_SECRET_KEY", TestServers.REFRESH_KEY);
        // cheap hashes: this is about several instances, not about hashing cost
        env.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        env.put("GAARA_ARGON2_ITERATIONS", "1");
        // every request comes from 127.0.0.1: lift the per-address limits the load below would share, and make the
        // account-from-one-address scope block after the fourth failure, for longer than the test takes
        env.putAll(TestServers.LOOPBACK_LIMITS_LIFTED);
        env.put("GAARA_LOGIN_THROTTLE_ACCOUNT_IP_FREE_FAILURES", String.valueOf(FREE_FAILURES));
        env.put("GAARA_LOGIN_THROTTLE_FIRST_WAIT", "60s");
        long started = System.nanoTime();
        // both JVMs boot at once, as a rollout would start them; Flyway's advisory lock serialises the migration
        instanceA = ServerProcess.start("a", OUTPUT, withDataDir(env, "a"));
        instanceB = ServerProcess.start("b", OUTPUT, withDataDir(env, "b"));
        instanceA.awaitReady(STARTUP);
        instanceB.awaitReady(STARTUP);
        LOG.info("two instances ready in {} ms", (System.nanoTime() - started) / 1_000_000);
        a = instanceA.api();
        b = instanceB.api();
    }

    private static Map<String, String> withDataDir(Map<String, String> env, String name) {
        Map<String, String> own = new HashMap<>(env);
        own.put(
                "GAARA_DATA_DIR",
                OUTPUT.resolve(name + "-data").toAbsolutePath().toString());
        return own;
    }

    @AfterAll
    static void stopBothAndSearchTheirOutput() throws Exception {
        try {
            if (instanceA != null) {
                instanceA.close();
            }
        } finally {
            if (instanceB != null) {
                instanceB.close();
            }
        }
        for (ServerProcess instance :
                Stream.of(instanceA, instanceB).filter(Objects::nonNull).toList()) {
            String output = Files.readString(instance.log());
            assertThat(output).as("the output was captured").contains("Gaara ready on");
            for (String secret : ApiClient.SECRETS_SEEN) {
                assertThat(output)
                        .as("no password, token or key in %s", instance.log())
                        .doesNotContain(secret);
            }
        }
    }

    /**
     * Strict mode (grace 0, the default): of two requests spending one token, one rotates; the other presented a spent
     * token (it read after the winner committed, or it lost the conditional UPDATE) and so ends the family, the
     * winner's pair included (RFC 9700 §4.14). The lenient grace across instances is covered in-process by
     * {@link RefreshGraceEndToEndTest}.
     */
    @Test
    @Order(1)
    void givenOneRefreshTokenSentToBothInstancesAtOnce_when20Races_thenEachHasExactlyOneWinnerAndTheFamilyEnds()
            throws Exception {
        String email = uniqueEmail();
        assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < RACES; i++) {
            refreshTokens.add((i % 2 == 0 ? a : b).login(email, PASSWORD).text("refresh_token"));
        }
        ExecutorService racers = Executors.newFixedThreadPool(2);
        try {
            for (String token : refreshTokens) {
                CyclicBarrier together = new CyclicBarrier(2);
                Future<ApiClient.Response> viaA = racers.submit(() -> {
                    together.await();
                    return a.refresh(token);
                });
                Future<ApiClient.Response> viaB = racers.submit(() -> {
                    together.await();
                    return b.refresh(token);
                });
                ApiClient.Response fromA = viaA.get(30, TimeUnit.SECONDS);
                ApiClient.Response fromB = viaB.get(30, TimeUnit.SECONDS);
                assertThat(List.of(fromA.status(), fromB.status()))
                        .as("one winner per race")
                        .containsExactlyInAnyOrder(200, 401);
                ApiClient.Response winner = fromA.status() == 200 ? fromA : fromB;
                ApiClient other = fromA.status() == 200 ? b : a;
                assertThat(other.refresh(winner.text("refresh_token")).status())
                        .as("the loser's reuse ended the family, on the other instance too")
                        .isEqualTo(401);
            }
        } finally {
            racers.shutdownNow();
        }

        assertThat(rows(
                        "SELECT s.generation || ' ' || s.revocation_reason FROM sessions s"
                                + " JOIN users u ON u.id = s.user_id WHERE u.email = ?",
                        email))
                .as("every family rotated exactly once, then ended as reuse")
                .hasSize(RACES)
                .containsOnly("2 refresh_token_reuse");
        List<String> reuse = rows(
                "SELECT e.detail FROM audit_events e JOIN users u ON u.id = e.user_id"
                        + " WHERE u.email = ? AND e.type = 'refresh_token_reuse'",
                email);
        assertThat(reuse).hasSize(RACES).containsOnly("spent_token_presented", "concurrent_spend");
        LOG.info(
                "{} races: {} lost the conditional UPDATE, {} read after the winner committed",
                RACES,
                reuse.stream().filter("concurrent_spend"::equals).count(),
                reuse.stream().filter("spent_token_presented"::equals).count());
    }

    @Test
    @Order(2)
    void givenLogoutOnOneInstance_whenTheOtherChecksTheAccessToken_thenRefusedWithinOneSecond() throws Exception {
        String email = uniqueEmail();
        assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);
        var login = a.login(email, PASSWORD);
        String access = login.text("access_token");
        assertThat(b.me(access).status()).isEqualTo(200);

        assertThat(a.logout(login.text("refresh_token")).status()).isEqualTo(204);
        long elapsed = EndToEndTest.millisUntilRefused(b, access);

        assertThat(elapsed)
                .as("instance B refused the token after %d ms", elapsed)
                .isLessThan(1000);
        LOG.info("logout on A refused by B after {} ms", elapsed);
    }

    @Test
    @Order(3)
    void givenFailedLoginsSpreadOverBothInstances_whenTheLimitIsReached_thenBothInstancesThrottleTheAccount() {
        String email = uniqueEmail();
        assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);
        // the failures alternate between the processes: neither alone has seen enough to refuse
        for (int i = 0; i <= FREE_FAILURES; i++) {
            ApiClient client = i % 2 == 0 ? a : b;
            assertThat(client.login(email, "wrong " + PASSWORD).status())
                    .as("failure %d, on %s", i + 1, i % 2 == 0 ? "A" : "B")
                    .isEqualTo(401);
        }

        for (ApiClient client : List.of(a, b)) {
            ApiClient.Response refused = client.login(email, PASSWORD);
            assertThat(refused.status())
                    .as("the right password too is refused while the account waits, on both instances")
                    .isEqualTo(429);
            assertThat(refused.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(refused.body().get("type").asText()).isEqualTo("urn:gaara:problem:too-many-attempts");
        }
    }

    /**
     * SIGKILL gives the process no chance to flush anything: whatever it acknowledged must already be in PostgreSQL.
     * Checked through the other instance: every user whose registration got 201 can log in there, every session whose
     * logout got 204 stays ended there.
     */
    @Test
    @Order(4)
    void givenLoadOnOneInstance_whenItIsKilledWithSigkill_thenEveryAcknowledgedWriteIsThereThroughTheOther()
            throws Exception {
        int workers = 6;
        int acknowledgedBeforeKill = 60;
        Queue<String> registered = new ConcurrentLinkedQueue<>();
        Queue<ApiClient.Response> loggedOut = new ConcurrentLinkedQueue<>();
        AtomicInteger cutOff = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService load = Executors.newFixedThreadPool(workers);
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            running.add(load.submit(() -> {
                try {
                    while (!stop.get()) {
                        String email = uniqueEmail();
                        if (a.register(email, PASSWORD).status() != 201) {
                            continue;
                        }
                        registered.add(email);
                        var login = a.login(email, PASSWORD);
                        if (login.status() == 200
                                && a.logout(login.text("refresh_token")).status() == 204) {
                            loggedOut.add(login);
                        }
                    }
                } catch (UncheckedIOException killedMidRequest) {
                    cutOff.incrementAndGet();
                }
            }));
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (registered.size() + loggedOut.size() < acknowledgedBeforeKill && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(registered.size() + loggedOut.size())
                    .as("load acknowledged before the kill")
                    .isGreaterThanOrEqualTo(acknowledgedBeforeKill);

            int exit = instanceA.killHard();

            assertThat(exit).as("ended by SIGKILL (128 + 9), not SIGTERM").isEqualTo(ServerProcess.KILLED_BY_SIGKILL);
            for (Future<?> worker : running) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            load.shutdownNow();
        }
        assertThat(cutOff.get())
                .as("every worker was still sending when the process died")
                .isEqualTo(workers);
        assertThat(Files.readString(instanceA.log())).as("no shutdown hook ran").doesNotContain("Gaara stopping");

        for (String email : registered) {
            assertThat(b.login(email, PASSWORD).status())
                    .as("registered on A before the kill: %s", email)
                    .isEqualTo(200);
        }
        for (ApiClient.Response session : loggedOut) {
            String sessionId = ApiClient.claim(session.text("access_token"), "sid");
            assertThat(rows("SELECT revocation_reason FROM sessions WHERE id = ?::uuid", sessionId))
                    .containsExactly("logout");
            assertThat(b.refresh(session.text("refresh_token")).status()).isEqualTo(401);
            assertThat(b.me(session.text("access_token")).status()).isEqualTo(401);
        }
        LOG.info(
                "killed A after {} registrations and {} logouts acknowledged; all durable through B",
                registered.size(),
                loggedOut.size());
    }

    private static List<String> rows(String sql, String parameter) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
