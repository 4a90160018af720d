package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The README's promise, checked on the packaged artifact: {@code java -jar gaara.jar} with no configuration serves the
 * whole flow, and SIGTERM stops it cleanly. Classpath mistakes that unit tests cannot see (a dependency missing from
 * the shaded jar, unmerged service files) fail here.
 */
class FatJarIT {
    private static final Logger LOG = LoggerFactory.getLogger(FatJarIT.class);

    @Test
    void givenNoConfiguration_whenJarStarted_thenServesTheFlowAndStopsOnSigterm(@TempDir Path workDir)
            throws Exception {
        Path jar = Path.of(System.getProperty("gaara.jar", "target/gaara.jar")).toAbsolutePath();
        assertThat(jar).exists();
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("out.log").toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GAARA_") || k.startsWith("JWT_") || k.equals("ENVIRONMENT"));
        builder.environment().put("GAARA_HTTP_PORT", Integer.toString(port));
        Process process = builder.start();
        try {
            ApiClient api = new ApiClient(port);
            long startedAt = System.nanoTime();
            awaitReady(api, process, workDir);
            long readyMillis = (System.nanoTime() - startedAt) / 1_000_000;

            String email = TestServers.uniqueEmail();
            String password = "fat jar smoke test passphrase";
            assertThat(api.register(email, password).status()).isEqualTo(201);
            var login = api.login(email, password);
            assertThat(login.status()).isEqualTo(200);
            assertThat(api.me(login.text("access_token")).status()).isEqualTo(200);
            var refreshed = api.refresh(login.text("refresh_token"));
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(api.logout(refreshed.text("refresh_token")).status()).isEqualTo(204);
            assertThat(api.me(refreshed.text("access_token")).status()).isEqualTo(401);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("stops within 30 s of SIGTERM")
                    .isTrue();
            String log = Files.readString(workDir.resolve("out.log"));
            assertThat(log)
                    .contains("Gaara ready on")
                    .contains("Gaara stopped")
                    .doesNotContain(password)
                    .doesNotContain(login.text("access_token"))
                    .doesNotContain(login.text("refresh_token"));
            LOG.info("fat jar ready in {} ms (embedded PostgreSQL, first start)", readyMillis);
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitReady(ApiClient api, Process process, Path workDir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("gaara.jar exited with " + process.exitValue() + ":\n"
                        + Files.readString(workDir.resolve("out.log")));
            }
            try {
                if (api.get("/health/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYetListening) {
                // connection refused until the server is up
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gaara.jar not ready within 90 s:\n" + Files.readString(workDir.resolve("out.log")));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
