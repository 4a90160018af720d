package io.gaara.perf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar gaara.jar} as a child process, the way a user runs it: development mode, so an embedded PostgreSQL
 * with a fresh data directory, on a free port of 127.0.0.1. The load tests see only its HTTP port.
 */
final class GaaraServerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GaaraServerProcess.class);

    private final Process process;
    private final String baseUrl;
    private final Path logFile;
    private final Path dataDir;

    private GaaraServerProcess(Process process, String baseUrl, Path logFile, Path dataDir) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.dataDir = dataDir;
    }

    static GaaraServerProcess start(Path jar, Path workRoot) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    jar.toAbsolutePath() + " is missing: build it first (mvn -B -DskipTests package at the root)");
        }
        try {
            Path workDir =
                    workRoot.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
            Files.createDirectories(workDir);
            int port = freePort();
            Path logFile = workDir.resolve("server.log");
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(
                            java, "-jar", jar.toAbsolutePath().toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            // nothing from the caller's environment may point this server at a real database or real keys
            builder.environment()
                    .keySet()
                    .removeIf(k -> k.startsWith("GAARA_") || k.startsWith("JWT_") || k.equals("ENVIRONMENT"));
            builder.environment().put("GAARA_HTTP_PORT", Integer.toString(port));
            builder.environment().put("GAARA_DATA_DIR", workDir.resolve("data").toString());
            // the simulations register hundreds of users from one address, which the per-address limit refuses
            builder.environment().put("GAARA_REGISTER_LIMIT_ENABLED", "false");
            // on unless the caller turns it off: the login throttle's cost is measured with it on and off
            String loginThrottle = System.getenv("GAARA_LOGIN_THROTTLE_ENABLED");
            if (loginThrottle != null) {
                builder.environment().put("GAARA_LOGIN_THROTTLE_ENABLED", loginThrottle);
            }
            long started = System.nanoTime();
            GaaraServerProcess server = new GaaraServerProcess(
                    builder.start(), "http://127.0.0.1:" + port, logFile, workDir.resolve("data"));
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(server.process::destroyForcibly, "gaara-perf-server-reaper"));
            server.awaitReady(Duration.ofSeconds(90));
            log.info(
                    "gaara.jar ready at {} in {} ms (pid {}, log {})",
                    server.baseUrl,
                    (System.nanoTime() - started) / 1_000_000,
                    server.process.pid(),
                    logFile);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + jar, e);
        }
    }

    String baseUrl() {
        return baseUrl;
    }

    private void awaitReady(Duration timeout) throws IOException {
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "gaara.jar exited with " + process.exitValue() + ":\n" + Files.readString(logFile));
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // connection refused until Jetty is up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for gaara.jar", e);
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("gaara.jar not ready within " + timeout + ":\n" + Files.readString(logFile));
    }

    /**
     * SIGTERM, as an operator would stop it, so the embedded PostgreSQL shuts down too; then the database files go
     * (tens of MB per run), the server log stays.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("gaara.jar ignored SIGTERM for 30 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return;
        }
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
