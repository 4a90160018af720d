package io.gaara.adapters.persistence;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The port contracts on the official PostgreSQL image, where Docker is available; skipped otherwise. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersPostgresContractsTest extends PostgresPortContracts {
    @Container
    private static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    private static PostgresPersistence persistence;

    @BeforeAll
    static void start() {
        persistence = PostgresPersistence.start(
                new PostgresSettings(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword(), SharedEmbeddedPostgres.POOL_SIZE),
                SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (persistence != null) {
            persistence.close();
        }
    }

    @Override
    PostgresPersistence persistence() {
        return persistence;
    }
}
