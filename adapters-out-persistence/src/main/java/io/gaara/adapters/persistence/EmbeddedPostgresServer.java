package io.gaara.adapters.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A real PostgreSQL server in a child process, for development mode and tests: nothing to install. Its data directory
 * is kept across restarts, it listens on 127.0.0.1 only, and it trusts local connections (no password), which is why it
 * is for development and never for production. It runs until {@link #close()}: the owner stops it, after whatever still
 * uses it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server whose data lives in {@code dataDirectory} (created and initialized on first use, reused
     * afterwards).
     *
     * @param port the TCP port on 127.0.0.1, or 0 for a free one
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
        return start(dataDirectory, port, true);
    }

    /** Throwaway servers skip fsync: a crash loses only test data. */
    static EmbeddedPostgresServer start(Path dataDirectory, int port, boolean durable) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        try {
            Files.createDirectories(dataDirectory);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port == 0 ? freePort() : port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky's own JVM shutdown hook would stop PostgreSQL while the HTTP server is still
                    // draining (57P01 for every request in flight): the owner's ordered close stops it instead
                    .setRegisterShutdownHook(false)
                    // zonky turns these off for speed; development data should survive a crash
                    .setServerConfig("synchronous_commit", durable ? "on" : "off")
                    .setServerConfig("fsync", durable ? "on" : "off");
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Connection settings for {@link PostgresPersistence#start}; the server needs no password. */
    public PostgresSettings settings(int maxPoolSize) {
        return new PostgresSettings(jdbcUrl(), USER, null, maxPoolSize);
    }

    /** Stops the server (a fast shutdown: open transactions roll back, committed data stays). */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop embedded PostgreSQL", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
