package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.application.port.out.persistence.UserRepository;

/** The in-memory user repository keeps the PostgreSQL adapter's contract, so use-case tests on it mean something. */
class InMemoryUserRepositoryContractTest extends UserRepositoryContract {
    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository(new InMemoryDatabase());
    }
}
