package io.gaara.bootstrap;

import static io.gaara.bootstrap.TestServers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import org.slf4j.LoggerFactory;

/**
 * The real wiring end to end: fat-jar composition root, real HTTP, argon2id, jjwt, PostgreSQL. Two instances share the
 * database, as in production. Every log event of the suite is captured and, at the end, searched for every password,
 * token and key the suite used.
 */
class EndToEndTest {
    private static final String PASSWORD = "a long and unusual passphrase " + UUID.randomUUID();
    private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
    private static GaaraServer serverA;
    private static GaaraServer serverB;
    private static ApiClient a;
    private static ApiClient b;

    @BeforeAll
    static void start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        LOGS.setContext(context);
        LOGS.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
        serverA = TestServers.start(Map.of());
        serverB = TestServers.start(Map.of());
        a = new ApiClient(serverA.port());
        b = new ApiClient(serverB.port());
    }

    @AfterAll
    static void stopAndCheckLogs() {
        serverA.close();
        serverB.close();
        ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : LOGS.list) {
            StringBuilder line = new StringBuilder(event.getFormattedMessage());
            if (event.getKeyValuePairs() != null) {
                event.getKeyValuePairs()
                        .forEach(kv ->
                                line.append(' ').append(kv.key).append('=').append(kv.value));
            }
            if (event.getArgumentArray() != null) {
                for (Object arg : event.getArgumentArray()) {
                    line.append(' ').append(arg);
                }
            }
            if (event.getThrowableProxy() != null) {
                line.append(' ').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            lines.add(line.toString());
        }
        // the check must have something to look at: audit lines at least
        assertThat(lines).anyMatch(l -> l.contains("login_success"));
        assertThat(ApiClient.SECRETS_SEEN).hasSizeGreaterThan(10);
        for (String secret : ApiClient.SECRETS_SEEN) {
            assertThat(lines)
                    .as("no log line may contain a password, token or key")
                    .noneMatch(l -> l.contains(secret));
        }
    }

    @Test
    void givenNewUser_whenRegisterLoginMeRefreshLogout_thenEachStepAnswersAsDocumented() {
        String email = uniqueEmail();
        var registered = a.register(email, PASSWORD);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.text("email")).isEqualTo(email);

        var login = a.login(email, PASSWORD);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.text("token_type")).isEqualTo("Bearer");
        assertThat(login.body().get("expires_in").asInt())
                .as("what the docs say")
                .isEqualTo(900);

        var me = a.me(login.text("access_token"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("id")).isEqualTo(registered.text("id"));
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.text("created_at"))
                .as("the time read back is the time announced")
                .isEqualTo(registered.text("created_at"));

        var refreshed = a.refresh(login.text("refresh_token"));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(a.me(refreshed.text("access_token")).status()).isEqualTo(200);

        assertThat(a.logout(refreshed.text("refresh_token")).status()).isEqualTo(204);
        assertThat(a.me(refreshed.text("access_token")).status()).isEqualTo(401);
        assertThat(a.refresh(refreshed.text("refresh_token")).status()).isEqualTo(401);
    }

    @Test
    void givenOneRefreshToken_when20ParallelRefreshesOnTwoInstances_thenExactlyOne200AndStrictModeEndsTheFamily()
            throws Exception {
        ApiClient.Response winner = refreshInParallel(a, b);
        // strict by default (RFC 9700 §4.14): the 19 losers presented a spent token, so the family is gone
        assertThat(millisUntilRefused(a, winner.text("access_token"))).isLessThan(1000);
        assertThat(b.refresh(winner.text("refresh_token")).status()).isEqualTo(401);
    }

    private static ApiClient.Response refreshInParallel(ApiClient first, ApiClient second) throws Exception {
        String email = uniqueEmail();
        first.register(email, PASSWORD);
        String refreshToken = first.login(email, PASSWORD).text("refresh_token");
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ApiClient.Response>> responses = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            ApiClient client = i % 2 == 0 ? first : second;
            responses.add(pool.submit(() -> {
                go.await();
                return client.refresh(refreshToken);
            }));
        }
        go.countDown();
        List<ApiClient.Response> results = new ArrayList<>();
        for (Future<ApiClient.Response> f : responses) {
            results.add(f.get());
        }
        pool.shutdown();
        assertThat(results).filteredOn(r -> r.status() == 200).hasSize(1);
        assertThat(results).filteredOn(r -> r.status() == 401).hasSize(threads - 1);
        return results.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
    }

    @Test
    void givenLogoutOnOneInstance_whenOtherInstanceChecksAccessToken_thenRefusedWithinOneSecond() throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        var login = a.login(email, PASSWORD);
        String access = login.text("access_token");
        assertThat(b.me(access).status()).isEqualTo(200);

        assertThat(a.logout(login.text("refresh_token")).status()).isEqualTo(204);
        long elapsed = millisUntilRefused(b, access);
        assertThat(elapsed)
                .as("instance B refused the token after %d ms", elapsed)
                .isLessThan(1000);
    }

    @Test
    void givenLogoutAllOnOneInstance_whenOtherInstanceChecks_thenEverySessionRefusedWithinOneSecond() throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        String phone = a.login(email, PASSWORD).text("access_token");
        String laptop = b.login(email, PASSWORD).text("access_token");
        assertThat(a.me(laptop).status()).isEqualTo(200);

        assertThat(b.logoutAll(laptop).status()).isEqualTo(204);
        assertThat(millisUntilRefused(a, phone)).isLessThan(1000);
        assertThat(millisUntilRefused(a, laptop)).isLessThan(1000);
    }

    @Test
    void givenSpentRefreshToken_whenReplayed_thenFamilyRevokedAndReuseAudited() throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        var first = a.login(email, PASSWORD);
        var second = a.refresh(first.text("refresh_token"));
        assertThat(second.status()).isEqualTo(200);

        var replay = b.refresh(first.text("refresh_token"));
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.text("type")).isEqualTo("urn:gaara:problem:invalid-refresh-token");
        assertThat(a.refresh(second.text("refresh_token")).status()).isEqualTo(401);
        assertThat(millisUntilRefused(a, second.text("access_token"))).isLessThan(1000);

        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("""
                        SELECT e.type, s.revocation_reason FROM audit_events e JOIN sessions s ON s.id = e.session_id
                        JOIN users u ON u.id = s.user_id WHERE u.email = ? AND e.type = 'refresh_token_reuse'""")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("revocation_reason")).isEqualTo("refresh_token_reuse");
            }
        }
    }

    @Test
    void givenLoginAttempts_whenAudited_thenRowsCarryOutcomeIpAndUserAgent() throws Exception {
        String email = uniqueEmail();
        String id = a.register(email, PASSWORD).text("id");
        assertThat(a.login(email, "wrong " + PASSWORD).status()).isEqualTo(401);
        assertThat(a.login(email, PASSWORD).status()).isEqualTo(200);

        try (Connection c = TestDatabase.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT type, outcome, client_ip, user_agent, detail FROM audit_events"
                                + " WHERE user_id = ?::uuid ORDER BY id")) {
            s.setString(1, id);
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4)
                            + "|" + rs.getString(5));
                }
            }
            assertThat(rows)
                    .containsExactly(
                            "register|success|127.0.0.1|gaara-e2e/1.0|null",
                            "login_failure|failure|127.0.0.1|gaara-e2e/1.0|wrong_password",
                            "login_success|success|127.0.0.1|gaara-e2e/1.0|null");
        }
    }

    @Test
    void givenHashWithOldParameters_whenLoginOnServerWithNewOnes_thenStoredHashUpgraded() throws Exception {
        String email = uniqueEmail();
        a.register(email, PASSWORD);
        assertThat(storedHash(email)).startsWith("$argon2id$v=19$m=8192,t=1,p=1$");
        try (GaaraServer stronger = TestServers.start(Map.of("GAARA_ARGON2_ITERATIONS", "2"))) {
            assertThat(new ApiClient(stronger.port()).login(email, PASSWORD).status())
                    .isEqualTo(200);
        }
        assertThat(storedHash(email)).startsWith("$argon2id$v=19$m=8192,t=2,p=1$");
        assertThat(a.login(email, PASSWORD).status()).isEqualTo(200);
    }

    /** Users imported from the earlier Flask system, with hashes made by Python's bcrypt and Werkzeug. */
    @Test
    void givenImportedBcryptAndWerkzeugHashes_whenUsersLogIn_thenAcceptedAndMovedToArgon2id() throws Exception {
        String legacyPassword = "correct horse battery staple";
        String bcryptUser = uniqueEmail();
        String werkzeugUser = uniqueEmail();
        TestDatabase.importUser(bcryptUser, "$2b$04$I4PhLsATroSK9hgtsyGJeelkwOopBFeMu6WpFhsA3lA5N7XvwxAgC");
        TestDatabase.importUser(
                werkzeugUser,
                "pbkdf2:sha256:600000$bU9N05HtmbA38zzq"
                        + "$1d6e7c13bcee4e20f72274d37b421668e8996ed2fe2ac80ebea5b3b2d2babd67");

        assertThat(a.login(bcryptUser, "wrong " + legacyPassword).status()).isEqualTo(401);
        assertThat(storedHash(bcryptUser)).startsWith("$2b$");
        for (String email : List.of(bcryptUser, werkzeugUser)) {
            assertThat(a.login(email, legacyPassword).status()).isEqualTo(200);
            assertThat(storedHash(email)).startsWith("$argon2id$");
            assertThat(b.login(email, legacyPassword).status()).isEqualTo(200);
        }
    }

    @Test
    void givenReadyServer_whenHealthChecked_thenLiveAndReady() {
        assertThat(a.get("/health/live").status()).isEqualTo(200);
        var ready = a.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("checks").get("database").asText()).isEqualTo("UP");
    }

    static String storedHash(String email) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement("SELECT password_hash FROM users WHERE email = ?")) {
            s.setString(1, email);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    static long millisUntilRefused(ApiClient client, String accessToken) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + 3_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (client.me(accessToken).status() == 401) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(10);
        }
        return Long.MAX_VALUE;
    }
}
