package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.OneTimeTokensContract;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link OneTimeTokens} contract on {@link JdbiOneTimeTokens} with {@link JdbiUserRepository} and
 * {@link JdbiTransactions}, on every {@link ContractDatabase} available.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiOneTimeTokensContractTest extends OneTimeTokensContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiOneTimeTokensContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected OneTimeTokens createTokens() {
        return database.persistence().oneTimeTokens();
    }

    @Override
    protected UserRepository createUserRepository() {
        return database.persistence().users();
    }

    @Override
    protected Transactions createTransactions() {
        return database.persistence().transactions();
    }
}
