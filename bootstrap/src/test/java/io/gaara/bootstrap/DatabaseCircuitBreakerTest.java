package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.CuttableProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database's circuit breaker end to end: the real server on the embedded database behind a proxy whose link is cut
 * and restored. Cut, a few requests each wait out the pool (2 s) and the breaker opens; from then on database-backed
 * requests are answered 503 + Retry-After at once and {@code /health/ready} says the database is DOWN behind an OPEN
 * breaker; restored, a trial call closes it and readiness is UP again.
 */
class DatabaseCircuitBreakerTest {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCircuitBreakerTest.class);
    private static final String BREAKER_LOGGER = "io.gaara.adapters.persistence.DatabaseBreaker";
    private static final Duration OPEN_FOR = Duration.ofSeconds(3);
    /** Half the pool wait: without the breaker each of these requests waits the whole pool wait (2 s) for its 503. */
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    @Test
    void givenDatabaseCut_whenRequestsFail_thenTheBreakerOpens503sAtOnceReadinessShowsItAndRestoreClosesIt()
            throws Exception {
        URI database = URI.create(TestDatabase.url());
        try (CuttableProxy proxy = new CuttableProxy(database.getHost(), database.getPort());
                CapturedLogs logs = CapturedLogs.of(BREAKER_LOGGER);
                GaaraServer server = TestServers.start(Map.of(
                        "GAARA_DATABASE_URL",
                        database.toString().replace(":" + database.getPort() + "/", ":" + proxy.port() + "/"),
                        "GAARA_DATABASE_BREAKER_FAILURES",
                        "3",
                        "GAARA_DATABASE_BREAKER_OPEN_FOR",
                        OPEN_FOR.toMillis() + "ms"))) {
            ApiClient api = new ApiClient(server.port());
            String email = TestServers.uniqueEmail();
            api.register(email, "correct horse battery staple");
            ApiClient.Response pair = api.login(email, "correct horse battery staple");
            String access = pair.text("access_token");
            String refresh = pair.text("refresh_token");
            ApiClient.Response ready = api.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body().get("breakers").get("database").asText()).isEqualTo("CLOSED");

            proxy.cut();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!"OPEN".equals(databaseBreaker(api)) && System.nanoTime() < deadline) {
                assertThat(api.refresh(refresh).status())
                        .as("an outage is a 503")
                        .isEqualTo(503);
            }

            assertThat(databaseBreaker(api)).isEqualTo("OPEN");
            assertThat(logs.events())
                    .singleElement()
                    .satisfies(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN))
                    .satisfies(e -> assertThat(e.getFormattedMessage())
                            .startsWith("database circuit breaker OPEN (was CLOSED): 3 outage failures in a row"));
            for (Supplier<ApiClient.Response> call : List.<Supplier<ApiClient.Response>>of(
                    () -> api.refresh(refresh), () -> api.me(access), () -> api.sessions(access))) {
                long started = System.nanoTime();
                ApiClient.Response response = call.get();
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(response.status()).as(response.raw().uri().getPath()).isEqualTo(503);
                assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("1");
                LOG.info(
                        "breaker open: {} answered {} in {} ms",
                        response.raw().uri().getPath(),
                        response.status(),
                        took.toMillis());
                assertThat(took)
                        .as(response.raw().uri().getPath() + " answered at once")
                        .isLessThan(AT_ONCE);
            }
            ready = api.get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.body().get("checks").get("database").asText()).isEqualTo("DOWN");
            assertThat(ready.body().get("breakers").get("database").asText()).isEqualTo("OPEN");

            proxy.restore();
            deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (api.get("/health/ready").status() != 200 && System.nanoTime() < deadline) {
                // traffic and the readiness ping both offer the trial call once the open time is over
                api.me(access);
                Thread.sleep(100);
            }

            ready = api.get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.body().get("checks").get("database").asText()).isEqualTo("UP");
            assertThat(ready.body().get("breakers").get("database").asText()).isEqualTo("CLOSED");
            assertThat(api.me(access).status()).isEqualTo(200);
            List<ILoggingEvent> transitions = logs.events();
            assertThat(transitions)
                    .allSatisfy(e -> assertThat(e.getLevel())
                            .isEqualTo(e.getFormattedMessage().contains(" OPEN ") ? Level.WARN : Level.INFO));
            assertThat(transitions.subList(transitions.size() - 2, transitions.size()))
                    .extracting(e -> e.getFormattedMessage().replaceFirst(":.*", ""))
                    .containsExactly(
                            "database circuit breaker HALF_OPEN (was OPEN)",
                            "database circuit breaker CLOSED (was HALF_OPEN)");
        }
    }

    private static String databaseBreaker(ApiClient api) {
        return api.get("/health/ready").body().get("breakers").get("database").asText();
    }
}
