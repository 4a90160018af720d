package io.gaara.adapters.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.OpenApiContract;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot hold the server's connections or threads (issue 10, HTTP hardening): a request head not complete
 * within its deadline, a connection idle past the idle timeout and a body trickling in under the minimum rate are each
 * cut off; and what anonymous callers can make the server do: one round of readiness probes per cache period, and the
 * HSTS header where Gaara is served behind TLS.
 */
class SlowClientsTest {
    private static final HttpSettings.ConnectionTimeouts SHORT =
            new HttpSettings.ConnectionTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(1), 1024);

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void start(
            HttpSettings.ConnectionTimeouts timeouts,
            Duration readinessCache,
            Duration hsts,
            List<ReadinessProbe> probes) {
        HttpSettings defaults = new HttpSettings("127.0.0.1", 0, 4096);
        HttpSettings settings = new HttpSettings(
                defaults.host(),
                defaults.port(),
                defaults.maxRequestBytes(),
                defaults.drainTimeout(),
                defaults.maxConnections(),
                defaults.hashing(),
                List.of(),
                List.of(),
                timeouts,
                readinessCache,
                hsts);
        server =
                HttpApi.create(new FakeApplication().useCases, settings, probes).start();
    }

    @Test
    void givenAHeadSentOneByteAtATime_whenItsDeadlinePasses_thenTheConnectionIsClosedWellBeforeTheIdleTimeout()
            throws Exception {
        start(SHORT, Duration.ZERO, Duration.ZERO, List.of());
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            long began = System.nanoTime();
            // one header byte every 200 ms: never idle for long, never done (Slowloris)
            boolean closed = false;
            try {
                for (int i = 0; i < 40 && !closed; i++) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(200);
                    closed = closedByServer(socket, 1);
                }
            } catch (IOException reset) {
                closed = true;
            }
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            assertThat(closed).as("closed while the head trickled in").isTrue();
            assertThat(millis)
                    .as("closed near the 1 s head deadline, not the 6 s idle timeout")
                    .isLessThan(4000);
        }
    }

    @Test
    void givenAConnectionThatSendsNothing_whenTheIdleTimeoutPasses_thenItIsClosed() throws Exception {
        start(
                new HttpSettings.ConnectionTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), 1024),
                Duration.ZERO,
                Duration.ZERO,
                List.of());
        try (Socket socket = connect()) {
            long began = System.nanoTime();
            assertThat(closedByServer(socket, 8000)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - began).toMillis()).isBetween(1500L, 6000L);
        }
    }

    @Test
    void givenABodyTricklingInUnderTheMinimumRate_whenRead_thenCutOffWithA408Problem() throws Exception {
        start(SHORT, Duration.ZERO, Duration.ZERO, List.of());
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 3000\r\n\r\n{\"email\":\"")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long began = System.nanoTime();
            StringBuilder answer = new StringBuilder();
            try {
                // 20 bytes every 200 ms: 100 B/s against a minimum of 1,024 B/s
                for (int i = 0; i < 60 && answer.length() == 0; i++) {
                    out.write("aaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(200);
                    answer.append(available(socket));
                }
            } catch (IOException reset) {
                // the server may close as soon as it answered
            }
            answer.append(available(socket));
            long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
            assertThat(answer.toString()).as("answered while the body trickled").startsWith("HTTP/1.1 408 ");
            assertThat(answer.toString()).contains("application/problem+json", "urn:gaara:problem:request-timeout");
            assertThat(millis)
                    .as("cut off long before the whole body could arrive (30 s)")
                    .isLessThan(10_000);
        }
    }

    @Test
    void givenManyReadinessCalls_whenWithinOnePeriod_thenTheProbesRunOnceAndAChangeShowsAfterThePeriod()
            throws Exception {
        AtomicInteger rounds = new AtomicInteger();
        AtomicReference<ReadinessProbe.Readiness> database = new AtomicReference<>(ReadinessProbe.Readiness.UP);
        ReadinessProbe counted = ReadinessProbe.of("database", () -> {
            rounds.incrementAndGet();
            return database.get();
        });
        start(HttpSettings.ConnectionTimeouts.DEFAULT, Duration.ofSeconds(1), Duration.ZERO, List.of(counted));
        JsonCalls calls = new JsonCalls(server.port());

        long began = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(calls.get("/health/ready", null).statusCode()).isEqualTo(200);
        }
        long millis = Duration.ofNanos(System.nanoTime() - began).toMillis();
        // 50 answers; one round per started second at most
        assertThat(rounds.get())
                .as("rounds for 50 calls in %d ms", millis)
                .isLessThanOrEqualTo(1 + (int) (millis / 1000));

        database.set(ReadinessProbe.Readiness.DOWN);
        long changed = System.nanoTime();
        while (calls.get("/health/ready", null).statusCode() != 503) {
            assertThat(Duration.ofNanos(System.nanoTime() - changed).toMillis())
                    .as("the change is seen within the period")
                    .isLessThan(1500);
            Thread.sleep(50);
        }
    }

    @Test
    void givenHsts_whenAnyAnswer_thenStrictTransportSecurityOnItIncludingJettysOwn() throws Exception {
        start(HttpSettings.ConnectionTimeouts.DEFAULT, Duration.ZERO, Duration.ofDays(365), List.of());
        String expected = "max-age=31536000";
        var live = OpenApiContract.gaara()
                .client()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/live"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(live.headers().firstValue("Strict-Transport-Security")).hasValue(expected);
        var missing = OpenApiContract.gaara()
                .client()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/nowhere"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Strict-Transport-Security")).hasValue(expected);
        String jettys = RawHttp.exchange(
                server.port(),
                "GET /api/v1/auth/sessions/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(jettys).startsWith("HTTP/1.1 400 ").contains("Strict-Transport-Security: " + expected);
    }

    @Test
    void givenNoHsts_whenAnswered_thenNoStrictTransportSecurity() throws Exception {
        start(HttpSettings.ConnectionTimeouts.DEFAULT, Duration.ZERO, Duration.ZERO, List.of());
        var live = new JsonCalls(server.port()).get("/health/live", null);
        assertThat(live.headers().firstValue("Strict-Transport-Security")).isEmpty();
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), server.port());
    }

    /** True when the server closed the connection within {@code millis} (end of stream or reset). */
    private static boolean closedByServer(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        try {
            byte[] buffer = new byte[4096];
            for (int n; (n = in.read(buffer)) != -1; ) {
                // an answer (408) may come first; the close follows
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    /** What the server has sent so far, waiting at most 1 ms for more. */
    private static String available(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException nothingMore) {
            // all there is for now
        } catch (IOException reset) {
            // closed after the answer
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}
