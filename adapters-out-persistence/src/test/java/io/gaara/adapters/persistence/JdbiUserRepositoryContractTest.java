package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.UserRepositoryContract;
import io.gaara.application.port.out.persistence.UserRepository;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The {@link UserRepository} contract on {@link JdbiUserRepository}, on every {@link ContractDatabase} available. */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiUserRepositoryContractTest extends UserRepositoryContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiUserRepositoryContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected UserRepository createUserRepository() {
        return database.persistence().users();
    }
}
