package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemorySessionRevocations;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;

/** The in-memory revocations keep the PostgreSQL adapter's contract, so use-case tests on them mean something. */
class InMemorySessionRevocationsContractTest extends SessionRevocationsContract {
    @Override
    protected SessionRevocations createSessionRevocations() {
        return new InMemorySessionRevocations();
    }

    @Override
    protected Transactions createTransactions() {
        return new InMemoryDatabase();
    }
}
