package io.gaara.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package, 1.18 here) on 127.0.0.1 in front of a PostgreSQL server, as a
 * test peer: what a pooler in transaction mode does to {@code LISTEN} cannot be shown by anything but a pooler.
 *
 * <p>When the binary cannot be found this throws: the tests that need it fail rather than skip, so a CI machine without
 * it is noticed ({@code .ci/run} installs it). The binary is the system property {@value #EXECUTABLE_PROPERTY}, else
 * the variable {@value #EXECUTABLE_VARIABLE}, else {@code pgbouncer} on the {@code PATH}, else
 * {@code /usr/sbin/pgbouncer} (where Debian puts it, off a non-root user's {@code PATH}).
 *
 * <p>PgBouncer refuses to run as root; as root it is started with {@code -u nobody}, so its files are made readable to
 * all (they hold no secret: it trusts every local login, as the embedded PostgreSQL does).
 */
public final class PgBouncer implements AutoCloseable {
    public static final String EXECUTABLE_PROPERTY = "gaara.test.pgbouncer";
    public static final String EXECUTABLE_VARIABLE = "GAARA_TEST_PGBOUNCER";
    private static final Duration STARTUP = Duration.ofSeconds(15);

    /** PgBouncer's {@code pool_mode}. */
    public enum PoolMode {
        /** A server connection per client connection, for its life: {@code LISTEN} works. */
        SESSION,
        /** A server connection per transaction: the next statement of a client may run on another backend. */
        TRANSACTION
    }

    private final Process process;
    private final Path directory;
    private final int port;

    private PgBouncer(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    /**
     * Starts PgBouncer in front of {@code targetHost:targetPort}, every database name passed through, every user
     * trusted, at most {@code serverConnections} connections to the server per database and user.
     */
    public static PgBouncer start(String targetHost, int targetPort, PoolMode mode, int serverConnections) {
        Objects.requireNonNull(targetHost, "targetHost");
        Objects.requireNonNull(mode, "mode");
        String executable = executable();
        try {
            Path directory = Files.createTempDirectory("gaara-pgbouncer");
            int port = freePort();
            Path ini = directory.resolve("pgbouncer.ini");
            Path users = directory.resolve("userlist.txt");
            Files.writeString(users, "\"postgres\" \"\"\n", StandardCharsets.UTF_8);
            Files.writeString(
                    ini,
                    String.join(
                            "\n",
                            "[databases]",
                            "* = host=" + targetHost + " port=" + targetPort,
                            "[pgbouncer]",
                            "listen_addr = 127.0.0.1",
                            "listen_port = " + port,
                            "unix_socket_dir =",
                            "auth_type = trust",
                            "auth_file = " + users,
                            "pool_mode = " + mode.name().toLowerCase(Locale.ROOT),
                            "default_pool_size = " + serverConnections,
                            "max_client_conn = 200",
                            // the JDBC driver sends extra_float_digits at startup
                            "ignore_startup_parameters = extra_float_digits,options",
                            "logfile =",
                            "pidfile =",
                            ""),
                    StandardCharsets.UTF_8);
            readableByAll(directory, ini, users);
            List<String> command = new ArrayList<>(List.of(executable));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "nobody"));
            }
            command.add(ini.toString());
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("pgbouncer.log").toFile())
                    .start();
            PgBouncer bouncer = new PgBouncer(process, directory, port);
            bouncer.awaitListening();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
    }

    public int port() {
        return port;
    }

    /** What PgBouncer wrote so far, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(directory.resolve("pgbouncer.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = log();
                close();
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ":\n" + log);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        String log = log();
        close();
        throw new IllegalStateException("pgbouncer did not listen on " + port + " within " + STARTUP + ":\n" + log);
    }

    private static String executable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY, System.getenv(EXECUTABLE_VARIABLE));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        List<Path> candidates = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "pgbouncer"));
                }
            }
        }
        candidates.add(Path.of("/usr/sbin/pgbouncer"));
        for (Path candidate : candidates) {
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("pgbouncer not found: the tests of the revocation listener behind a pooler "
                + "need it (Debian: apt-get install -y pgbouncer; or set " + EXECUTABLE_VARIABLE + ")");
    }

    private static void readableByAll(Path directory, Path... files) throws IOException {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path file : files) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
