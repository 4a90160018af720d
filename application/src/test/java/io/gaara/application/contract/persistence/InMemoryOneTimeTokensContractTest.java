package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemoryOneTimeTokens;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;

/** The in-memory tokens keep the PostgreSQL adapter's contract, so use-case tests on them mean something. */
class InMemoryOneTimeTokensContractTest extends OneTimeTokensContract {
    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected OneTimeTokens createTokens() {
        return new InMemoryOneTimeTokens(db);
    }

    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository(db);
    }

    @Override
    protected Transactions createTransactions() {
        return db;
    }
}
