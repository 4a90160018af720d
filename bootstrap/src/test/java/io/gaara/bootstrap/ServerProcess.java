package io.gaara.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gaara's {@code main} in a JVM of its own, on the test's class path, configured by environment variables only, with
 * its stdout and stderr in one file. For what needs a real process: several instances, {@code kill -9}.
 */
final class ServerProcess implements AutoCloseable {
    /** What {@code Process.exitValue()} reports on Linux for a process ended by SIGKILL: 128 + 9. */
    static final int KILLED_BY_SIGKILL = 137;

    private static final Pattern READY = Pattern.compile("Gaara ready on http://[^:\\s]+:(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private int port;

    private ServerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts the JVM and returns at once; {@link #awaitReady} waits for it. */
    static ServerProcess start(String name, Path workDir, Map<String, String> env) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        Gaara.class.getName())
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // nothing from the caller's environment may point this server at another database, keys or backend
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("GAARA_")
                        || k.startsWith("JWT_")
                        || k.startsWith("AWS_")
                        || k.startsWith("VAULT_")
                        || k.equals("ENVIRONMENT"));
        builder.environment().putAll(env);
        ServerProcess server = new ServerProcess(name, builder.start(), log);
        // a test JVM that dies without its @AfterAll must not leave servers behind
        Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly, "reap-gaara-" + name));
        return server;
    }

    /** Waits for the "ready" line (the port it bound) and then for {@code /health/ready} to answer 200. */
    void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (port == 0) {
            Matcher ready = READY.matcher(Files.readString(log));
            if (ready.find()) {
                port = Integer.parseInt(ready.group(1));
                break;
            }
            checkAlive(deadline, timeout);
            Thread.sleep(100);
        }
        ApiClient api = api();
        while (true) {
            try {
                if (api.get("/health/ready").status() == 200) {
                    return;
                }
            } catch (RuntimeException notAnsweringYet) {
                // the port is bound a moment before the first request is served
            }
            checkAlive(deadline, timeout);
            Thread.sleep(100);
        }
    }

    private void checkAlive(long deadline, Duration timeout) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError(
                    "instance " + name + " exited with " + process.exitValue() + ":\n" + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
            throw new AssertionError(
                    "instance " + name + " not ready within " + timeout + ":\n" + Files.readString(log));
        }
    }

    ApiClient api() {
        return new ApiClient(port);
    }

    /** A client whose requests come through a trusted proxy (127.0.0.1) for {@code forwardedFor}. */
    ApiClient api(String forwardedFor) {
        return new ApiClient(port, forwardedFor);
    }

    Path log() {
        return log;
    }

    /** {@code kill -9}: {@code destroyForcibly} sends SIGKILL on Linux; returns the exit value, to prove it. */
    int killHard() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("instance " + name + " survived SIGKILL for 30 s");
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
