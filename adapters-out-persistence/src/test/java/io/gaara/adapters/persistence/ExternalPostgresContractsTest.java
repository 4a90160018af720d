package io.gaara.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The port contracts on a server you point at with {@code GAARA_TEST_DATABASE_URL} (a JDBC URL or
 * {@code postgresql://user:password@host:port/db}). They run in a schema of their own, dropped
 * afterwards, so the database's other contents are left alone.
 */
@EnabledIfEnvironmentVariable(named = ExternalPostgresContractsTest.ENV, matches = ".+")
class ExternalPostgresContractsTest extends PostgresPortContracts {
    static final String ENV = "GAARA_TEST_DATABASE_URL";

    private static final String SCHEMA = "gaara_test_" + UUID.randomUUID().toString().replace("-", "");
    private static PostgresSettings base;
    private static PostgresPersistence persistence;

    @BeforeAll
    static void start() throws SQLException {
        base = PostgresSettings.fromUrl(System.getenv(ENV), SharedEmbeddedPostgres.POOL_SIZE);
        execute("CREATE SCHEMA " + SCHEMA);
        String url = base.jdbcUrl() + (base.jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        persistence = PostgresPersistence.start(new PostgresSettings(url, base.user(), base.password(), base.maxPoolSize()),
                SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws SQLException {
        if (persistence != null) {
            persistence.close();
        }
        execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    }

    @Override
    PostgresPersistence persistence() {
        return persistence;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = PostgresPersistence.listenerConnection(base); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
