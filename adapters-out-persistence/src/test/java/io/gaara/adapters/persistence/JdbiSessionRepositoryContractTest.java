package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.SessionRepositoryContract;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.UserRepository;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link SessionRepository} contract on {@link JdbiSessionRepository}, on every {@link ContractDatabase} available.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiSessionRepositoryContractTest extends SessionRepositoryContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiSessionRepositoryContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected UserRepository createUserRepository() {
        return database.persistence().users();
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return database.persistence().sessions();
    }
}
