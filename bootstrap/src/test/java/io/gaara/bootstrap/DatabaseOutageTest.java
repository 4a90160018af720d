package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.CuttableProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A database blip is answered as an outage: while this instance can neither hear revocations nor ask the database,
 * token routes answer 503 + Retry-After, so clients retry instead of throwing their sessions away (a 401 says the
 * session ended); once the database is back the same tokens work again.
 */
class DatabaseOutageTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Test
    void givenDatabaseUnreachable_whenTokenRoutesCalled_then503RetryAndTheSessionSurvivesTheOutage() throws Exception {
        URI database = URI.create(TestDatabase.url());
        try (CuttableProxy proxy = new CuttableProxy(database.getHost(), database.getPort());
                GaaraServer server = TestServers.start(Map.of(
                        "GAARA_DATABASE_URL",
                        database.toString().replace(":" + database.getPort() + "/", ":" + proxy.port() + "/")))) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, "correct horse battery staple");
            String access = api.login(email, "correct horse battery staple").text("access_token");
            assertThat(api.me(access).status()).isEqualTo(200);

            proxy.cut();

            ApiClient.Response me = awaitStatus(() -> api.me(access), 503);
            for (ApiClient.Response response : List.of(me, api.sessions(access), api.logoutAll(access))) {
                assertThat(response.status()).as(response.raw().uri().getPath()).isEqualTo(503);
                assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("1");
                assertThat(response.raw().headers().firstValue("WWW-Authenticate"))
                        .isEmpty();
                assertThat(response.text("type")).isEqualTo("urn:gaara:problem:unavailable");
            }

            proxy.restore();

            assertThat(awaitStatus(() -> api.me(access), 200).text("email")).isEqualTo(email);
        }
    }

    private static ApiClient.Response awaitStatus(Supplier<ApiClient.Response> call, int status)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ApiClient.Response last = call.get();
        while (last.status() != status && System.nanoTime() < deadline) {
            assertThat(last.status()).as("never a 401 nor a 500 on the way").isIn(200, 503);
            Thread.sleep(100);
            last = call.get();
        }
        assertThat(last.status()).as(last.raw().body()).isEqualTo(status);
        return last;
    }
}
