package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.PgBouncer;
import io.gaara.testsupport.PgBouncer.PoolMode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Gaara behind a real PgBouncer. In transaction mode every query is answered but no notification is delivered, so the
 * instance must say it is not ready (and still refuse a session ended on another instance) instead of serving stale
 * revocations; in session mode it is ready and hears revocations as on a direct connection.
 */
class BehindPgBouncerTest {
    private static final String PASSWORD = "behind the pooler " + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Test
    void givenTransactionModePooler_whenRunning_thenNotReadyAndASessionEndedElsewhereIsRefusedWithinOneSecond()
            throws Exception {
        try (PgBouncer bouncer = bouncer(PoolMode.TRANSACTION);
                GaaraServer direct = TestServers.start(Map.of());
                GaaraServer pooled = TestServers.start(Map.of("GAARA_DATABASE_URL", through(bouncer)))) {
            ApiClient a = new ApiClient(direct.port());
            ApiClient b = new ApiClient(pooled.port());

            var ready = b.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body().get("checks").get("database").asText()).isEqualTo("DOWN");

            String access = loggedOutOnAWhileValidOnB(a, b);

            // PgBouncer drops the notification; B asks the database, since its listener never proved delivery
            assertThat(millisUntilRefused(b, access)).isLessThan(1000);
            assertThat(b.get("/health/ready").status()).as("still not ready").isEqualTo(503);
        }
    }

    @Test
    void givenSessionModePooler_whenRunning_thenReadyAndASessionEndedElsewhereIsRefusedWithinOneSecond()
            throws Exception {
        try (PgBouncer bouncer = bouncer(PoolMode.SESSION);
                GaaraServer direct = TestServers.start(Map.of());
                GaaraServer pooled = TestServers.start(Map.of("GAARA_DATABASE_URL", through(bouncer)))) {
            ApiClient a = new ApiClient(direct.port());
            ApiClient b = new ApiClient(pooled.port());
            assertThat(b.get("/health/ready").status()).isEqualTo(200);
            String access = loggedOutOnAWhileValidOnB(a, b);

            assertThat(millisUntilRefused(b, access)).isLessThan(1000);
            assertThat(b.get("/health/ready").status()).isEqualTo(200);
        }
    }

    /** A session started on {@code a}, its access token accepted by {@code b}, then ended on {@code a}. */
    private static String loggedOutOnAWhileValidOnB(ApiClient a, ApiClient b) {
        String email = TestServers.uniqueEmail();
        a.register(email, PASSWORD);
        var login = a.login(email, PASSWORD);
        String access = login.text("access_token");
        assertThat(b.me(access).status()).isEqualTo(200);
        assertThat(a.logout(login.text("refresh_token")).status()).isEqualTo(204);
        return access;
    }

    private static PgBouncer bouncer(PoolMode mode) {
        URI database = URI.create(TestDatabase.url());
        return PgBouncer.start(database.getHost(), database.getPort(), mode, 20);
    }

    /**
     * The shared database's URL through {@code bouncer}; PgBouncer 1.18 in transaction mode keeps no server-side
     * prepared statement, as its documentation asks of clients.
     */
    private static String through(PgBouncer bouncer) {
        URI database = URI.create(TestDatabase.url());
        String url = database.toString().replace(":" + database.getPort() + "/", ":" + bouncer.port() + "/");
        return url + (url.contains("?") ? "&" : "?") + "prepareThreshold=0";
    }

    private static long millisUntilRefused(ApiClient client, String accessToken) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            int status = client.me(accessToken).status();
            if (status == 401) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            assertThat(status).as("live until refused, never an error").isEqualTo(200);
            Thread.sleep(20);
        }
        throw new AssertionError("never refused within " + PATIENCE);
    }
}
