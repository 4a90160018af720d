package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.UseCases;
import io.gaara.testsupport.OpenApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A login flood fills the hashing lane, never the server: logins past the lane's places are turned away with a fast
 * 503, and refresh, {@code /me} and health keep answering while every hashing thread is busy.
 */
class HashingLaneTest {
    private static final Duration FAST = Duration.ofMillis(1_500);

    private final HttpClient client =
            OpenApiContract.gaara().client(HttpClient.newBuilder().build());
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger loginsStarted = new AtomicInteger();
    /** How much longer the use case says each failure's answer must wait. */
    private volatile Duration failureDelay = Duration.ZERO;

    private HttpServer server;
    private String base;

    /** Every login blocks, as a slow hash would, until the test releases them; then fails as a wrong password. */
    private HttpServer start(HashingLaneSettings lane) {
        FakeApplication app = new FakeApplication();
        LoginUseCase slowLogin = command -> {
            loginsStarted.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new InvalidCredentialsException("The email or password is incorrect.", failureDelay);
        };
        UseCases useCases = SwappedUseCases.withLogin(app.useCases, slowLogin);
        HttpSettings settings = new HttpSettings(
                "127.0.0.1",
                0,
                4096,
                HttpSettings.DEFAULT_DRAIN_TIMEOUT,
                HttpSettings.DEFAULT_MAX_CONNECTIONS,
                lane,
                List.of());
        server = HttpApi.create(
                        useCases, settings, List.of(ReadinessProbe.of("database", () -> ReadinessProbe.Readiness.UP)))
                .start();
        base = "http://127.0.0.1:" + server.port();
        return server;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop();
        }
    }

    private CompletableFuture<HttpResponse<String>> login() {
        return client.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery\"}"))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path)).timeout(FAST).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void awaitLoginsStarted(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (loginsStarted.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(loginsStarted).as("logins running on the lane's threads").hasValue(n);
    }

    @Test
    void givenEveryHashingThreadBusyAndQueueFull_whenMoreLoginsArrive_thenFast503WhileOtherRoutesStillAnswer()
            throws Exception {
        start(new HashingLaneSettings(2, 2, Duration.ofSeconds(10)));
        List<CompletableFuture<HttpResponse<String>>> admitted = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            admitted.add(login());
        }
        awaitLoginsStarted(2);
        for (int i = 0; i < 2; i++) {
            admitted.add(login());
        }
        Thread.sleep(200);

        List<CompletableFuture<HttpResponse<String>>> turnedAway = new ArrayList<>();
        long sent = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            turnedAway.add(login());
        }
        for (var response : turnedAway) {
            HttpResponse<String> answer = response.get(FAST.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(answer.body()).contains("urn:gaara:problem:unavailable");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(FAST);
        assertThat(server.hashingRejections()).isEqualTo(20);

        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/auth/me").statusCode())
                .as("a token route, answered at once")
                .isEqualTo(401);
        assertThat(loginsStarted).as("nothing past the lane's places ran").hasValue(2);

        release.countDown();
        for (var response : admitted) {
            assertThat(response.get(10, TimeUnit.SECONDS).statusCode())
                    .as("admitted logins run to their answer")
                    .isEqualTo(401);
        }
        assertThat(loginsStarted).hasValue(4);
    }

    @Test
    void givenLoginWaitingInLine_whenItsDeadlinePassesWhileEveryThreadIsBusy_thenItIsAnswered503AtTheDeadline()
            throws Exception {
        start(new HashingLaneSettings(1, 1, Duration.ofMillis(300)));
        CompletableFuture<HttpResponse<String>> first = login();
        awaitLoginsStarted(1);
        long sent = System.nanoTime();
        CompletableFuture<HttpResponse<String>> waiting = login();

        // the one thread stays busy: the answer must come from the deadline, not from a thread freeing up
        HttpResponse<String> late = waiting.get(5, TimeUnit.SECONDS);
        long answeredAfterMillis = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        assertThat(late.statusCode()).isEqualTo(503);
        assertThat(late.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(answeredAfterMillis).as("answered at its 300 ms deadline").isBetween(250L, 1_300L);
        assertThat(first).as("the running login is still running").isNotDone();

        CompletableFuture<HttpResponse<String>> next = login();
        Thread.sleep(100);
        assertThat(next).as("the expired login gave its one queue place back").isNotDone();

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(401);
        assertThat(next.get(10, TimeUnit.SECONDS).statusCode())
                .as("the login that took the freed place ran in time")
                .isIn(401, 503);
        assertThat(loginsStarted).as("the expired login never ran").hasValueLessThanOrEqualTo(2);
        assertThat(server.hashingRejections()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void givenLaneWithRoom_whenLoginFails_thenTheUseCaseAnswerReachesTheClientUnchanged() throws Exception {
        start(new HashingLaneSettings(1, 1, Duration.ofSeconds(5)));
        release.countDown();

        HttpResponse<String> answer = login().get(10, TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("urn:gaara:problem:invalid-credentials");
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void givenFailuresThatMustWaitASecond_whenEightArriveOnOneHashingThread_thenEachWaitsWithoutHoldingTheThread()
            throws Exception {
        start(new HashingLaneSettings(1, 16, Duration.ofSeconds(10)));
        release.countDown();
        failureDelay = Duration.ofSeconds(1);

        long sent = System.nanoTime();
        List<CompletableFuture<Long>> answeredAfterMillis = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            answeredAfterMillis.add(login().thenApply(answer -> {
                assertThat(answer.statusCode()).isEqualTo(401);
                return Duration.ofNanos(System.nanoTime() - sent).toMillis();
            }));
        }
        awaitLoginsStarted(8);
        assertThat(get("/health/ready").statusCode())
                .as("answered while eight failures wait")
                .isEqualTo(200);
        for (var answered : answeredAfterMillis) {
            assertThat(answered.get(10, TimeUnit.SECONDS))
                    .as("no failure answered before its delay")
                    .isGreaterThanOrEqualTo(950L);
        }
        // held on the one lane thread, eight one-second waits would take eight seconds
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofMillis(3_000));
    }
}
