package io.gaara.adapters.persistence;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The PostgreSQL servers each adapter's contract test runs on: the shared embedded one always, a server you point at
 * with {@code GAARA_TEST_DATABASE_URL} when it is set, and the official image under Testcontainers where Docker is
 * available. Each starts once per test JVM, on first use, and stops when the JVM exits.
 *
 * <p>A contract test class is a {@code @ParameterizedClass} over these values and registers its value as an extension,
 * which runs before each test, ahead of the contract's own set-up: it skips the test where the server is not available,
 * and otherwise empties the tables (the contracts expect empty storage).
 */
enum ContractDatabase implements BeforeEachCallback {
    EMBEDDED {
        @Override
        boolean available() {
            return true;
        }

        @Override
        PostgresPersistence start() {
            return SharedEmbeddedPostgres.persistence();
        }
    },

    /**
     * A JDBC URL or {@code postgresql://user:password@host:port/db}. The tests run in a schema of their own, dropped
     * afterwards, so the database's other contents are left alone.
     */
    EXTERNAL {
        @Override
        boolean available() {
            String url = System.getenv(EXTERNAL_URL);
            return url != null && !url.isEmpty();
        }

        @Override
        PostgresPersistence start() {
            PostgresSettings base =
                    PostgresSettings.fromUrl(System.getenv(EXTERNAL_URL), SharedEmbeddedPostgres.POOL_SIZE);
            String schema = "gaara_test_" + UUID.randomUUID().toString().replace("-", "");
            execute(base, "CREATE SCHEMA " + schema);
            String url = base.jdbcUrl() + (base.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
            PostgresPersistence persistence = PostgresPersistence.start(
                    new PostgresSettings(url, base.user(), base.password(), base.maxPoolSize()),
                    SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME,
                    Clock.systemUTC());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                persistence.close();
                                execute(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                            },
                            "drop-test-schema"));
            return persistence;
        }
    },

    TESTCONTAINERS {
        @Override
        boolean available() {
            return DockerClientFactory.instance().isDockerAvailable();
        }

        @Override
        PostgresPersistence start() {
            PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17-alpine");
            postgres.start();
            PostgresPersistence persistence = PostgresPersistence.start(
                    new PostgresSettings(
                            postgres.getJdbcUrl(),
                            postgres.getUsername(),
                            postgres.getPassword(),
                            SharedEmbeddedPostgres.POOL_SIZE),
                    SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME,
                    Clock.systemUTC());
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                persistence.close();
                                postgres.stop();
                            },
                            "stop-test-container"));
            return persistence;
        }
    };

    static final String EXTERNAL_URL = "GAARA_TEST_DATABASE_URL";

    private Boolean available;
    private PostgresPersistence persistence;

    abstract boolean available();

    /** A started persistence on a migrated database that the tests may empty. */
    abstract PostgresPersistence start();

    synchronized PostgresPersistence persistence() {
        if (persistence == null) {
            persistence = start();
        }
        return persistence;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // a skip, not a failure: the server is optional where it cannot run
        assumeTrue(
                isAvailable(),
                () -> this + " PostgreSQL is not available here ("
                        + (this == EXTERNAL ? EXTERNAL_URL + " is not set" : "no Docker") + ")");
        SharedEmbeddedPostgres.truncate(persistence());
    }

    /** Asked once per JVM: looking for Docker takes a while when there is none. */
    private synchronized boolean isAvailable() {
        if (available == null) {
            available = available();
        }
        return available;
    }

    private static void execute(PostgresSettings settings, String sql) {
        try (Connection c = PostgresPersistence.listenerConnection(settings);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + " (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
