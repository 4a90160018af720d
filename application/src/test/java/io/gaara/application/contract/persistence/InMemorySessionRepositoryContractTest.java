package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemorySessionRepository;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.UserRepository;

/** The in-memory session repository keeps the PostgreSQL adapter's contract, so use-case tests on it mean something. */
class InMemorySessionRepositoryContractTest extends SessionRepositoryContract {
    private final InMemoryDatabase db = new InMemoryDatabase();

    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository(db);
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository(db);
    }
}
