package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.SessionRevocationsContract;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link SessionRevocations} contract on {@link PostgresSessionRevocations}, on every {@link ContractDatabase}
 * available. What other instances see is {@link PostgresSessionRevocationsTest}'s job.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class PostgresSessionRevocationsContractTest extends SessionRevocationsContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    PostgresSessionRevocationsContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected SessionRevocations createSessionRevocations() {
        return database.persistence().revocations();
    }

    @Override
    protected Transactions createTransactions() {
        return database.persistence().transactions();
    }
}
