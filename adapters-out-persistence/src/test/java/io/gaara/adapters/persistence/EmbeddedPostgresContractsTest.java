package io.gaara.adapters.persistence;

/** The port contracts on the shared embedded PostgreSQL: always runs. */
class EmbeddedPostgresContractsTest extends PostgresPortContracts {
    @Override
    PostgresPersistence persistence() {
        return SharedEmbeddedPostgres.persistence();
    }
}
