package io.gaara.adapters.persistence;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * One embedded PostgreSQL server and one {@link PostgresPersistence} on it per test JVM: starting a server costs
 * seconds, a {@code TRUNCATE} between tests costs milliseconds.
 */
final class SharedEmbeddedPostgres {
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);
    /** At least as many connections as the widest concurrency test uses threads. */
    static final int POOL_SIZE = 24;

    private static EmbeddedPostgresServer server;
    private static PostgresPersistence persistence;

    private SharedEmbeddedPostgres() {}

    static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            // under target/, so that mvn clean removes it
            server = EmbeddedPostgresServer.start(
                    Path.of("target", "embedded-pg", UUID.randomUUID().toString()), 0, false);
            EmbeddedPostgresServer started = server;
            // the server no longer stops itself when the JVM exits; the pool on it is closed first
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                closePersistence();
                                started.close();
                            },
                            "stop-test-postgres"));
        }
        return server;
    }

    static synchronized PostgresPersistence persistence() {
        if (persistence == null) {
            persistence =
                    PostgresPersistence.start(server().settings(POOL_SIZE), ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
        }
        return persistence;
    }

    private static synchronized void closePersistence() {
        if (persistence != null) {
            persistence.close();
            persistence = null;
        }
    }

    /** Empties every table, for a test that wants a clean slate. */
    static void truncate(PostgresPersistence persistence) {
        persistence
                .jdbi()
                .useHandle(h -> h.execute("TRUNCATE attempt_counters, audit_events, secret_access_events, sessions,"
                        + " email_outbox, one_time_tokens, users, failed_token_use"));
    }
}
