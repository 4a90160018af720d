package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.OpenApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping Gaara while logins are in flight: each one is answered (200, or a clean 503 problem), none sees its
 * connection reset, and the database outlives the requests that use it.
 */
class GracefulShutdownTest {
    private static final int IN_FLIGHT = 20;
    /**
     * Slow hashes (~0.1 s each, as many at once as there are cores) keep the logins queued while the stop begins. The
     * lane has room and time for every one of them: a login the lane turned away at once would be the "first answer"
     * while other connections may still sit unaccepted in the kernel's backlog, which no server can answer after it has
     * closed its listening socket.
     */
    private static final Map<String, String> SLOW_HASHES = Map.of(
            "GAARA_ARGON2_MEMORY_KIB", "65536",
            "GAARA_ARGON2_ITERATIONS", "3",
            "GAARA_HASHING_QUEUE", String.valueOf(2 * IN_FLIGHT),
            "GAARA_HASHING_MAX_WAIT", "30s");

    private static final Pattern READY = Pattern.compile("Gaara ready on http://[^:]+:(\\d+)");

    @Test
    void givenLoginsInFlight_whenServerCloses_thenEveryOneIsAnsweredAndNoneReset() throws Exception {
        GaaraServer server = TestServers.start(SLOW_HASHES);
        String email = TestServers.uniqueEmail();
        String password = "drain before closing " + System.nanoTime();
        assertThat(new ApiClient(server.port()).register(email, password).status())
                .isEqualTo(201);

        List<CompletableFuture<HttpResponse<String>>> logins = fireLogins(server.port(), email, password);
        long answeredBeforeClose = awaitFirstAnswer(logins);

        server.close();

        assertThat(answeredBeforeClose)
                .as("the stop began with logins still in flight")
                .isLessThan(IN_FLIGHT);
        assertEveryLoginAnsweredCleanly(logins);
    }

    @Test
    void givenLoginsInFlight_whenJvmGetsSigterm_thenEveryOneIsAnsweredBeforeTheEmbeddedDatabaseStops(
            @TempDir Path workDir) throws Exception {
        Map<String, String> env = new HashMap<>(SLOW_HASHES);
        env.put("GAARA_HTTP_PORT", "0");
        env.put("GAARA_DATA_DIR", workDir.resolve("data").toString());
        Path log = workDir.resolve("out.log");
        Process gaara = startMain(workDir, env, log);
        try {
            int port = awaitReady(gaara, log);
            String email = TestServers.uniqueEmail();
            String password = "drain before the database " + System.nanoTime();
            assertThat(new ApiClient(port).register(email, password).status()).isEqualTo(201);

            List<CompletableFuture<HttpResponse<String>>> logins = fireLogins(port, email, password);
            long answeredBeforeSigterm = awaitFirstAnswer(logins);

            gaara.destroy(); // SIGTERM: Gaara's shutdown hook runs, and (before the fix) zonky's too

            assertThat(answeredBeforeSigterm)
                    .as("SIGTERM came with logins still in flight")
                    .isLessThan(IN_FLIGHT);
            assertEveryLoginAnsweredCleanly(logins);
            assertThat(gaara.waitFor(60, TimeUnit.SECONDS))
                    .as("the JVM exits after draining")
                    .isTrue();
            String output = Files.readString(log);
            assertThat(output)
                    .contains("Gaara stopped")
                    .doesNotContain("57P01")
                    .doesNotContain("database unavailable")
                    .doesNotContain("\tat ");
        } finally {
            if (gaara.isAlive()) {
                gaara.destroyForcibly();
            }
        }
    }

    private static List<CompletableFuture<HttpResponse<String>>> fireLogins(int port, String email, String password) {
        // a client of its own: one connection per request, none shared with the registration
        HttpClient client = OpenApiContract.gaara()
                .client(HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build());
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
        List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            logins.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return logins;
    }

    /** Once one login is answered, the server has long accepted and read the others: they are in flight. */
    private static long awaitFirstAnswer(List<CompletableFuture<HttpResponse<String>>> logins) throws Exception {
        CompletableFuture.anyOf(logins.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        return logins.stream().filter(CompletableFuture::isDone).count();
    }

    private static void assertEveryLoginAnsweredCleanly(List<CompletableFuture<HttpResponse<String>>> logins)
            throws Exception {
        int ok = 0;
        for (CompletableFuture<HttpResponse<String>> login : logins) {
            HttpResponse<String> response;
            try {
                response = login.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new AssertionError("a login in flight lost its connection: " + e.getCause(), e.getCause());
            }
            assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
            if (response.statusCode() == 503) {
                assertThat(response.body()).contains("urn:gaara:problem:unavailable");
            } else {
                ok++;
            }
        }
        assertThat(ok).as("logins in flight are finished, not turned away").isPositive();
    }

    private static Process startMain(Path workDir, Map<String, String> env, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), Gaara.class.getName())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GAARA_") || k.startsWith("JWT_") || k.equals("ENVIRONMENT"));
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int awaitReady(Process gaara, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                return Integer.parseInt(ready.group(1));
            }
            assertThat(gaara.isAlive())
                    .as("Gaara started: %s", Files.readString(log))
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("Gaara did not start within 120 s: " + Files.readString(log));
    }
}
