package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.FailedTokenUseCountsContract;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link FailedTokenUseCounts} contract on {@link JdbiFailedTokenUseCounts}, read back from
 * {@code failed_token_use}, on every {@link ContractDatabase} available.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiFailedTokenUseCountsContractTest extends FailedTokenUseCountsContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiFailedTokenUseCountsContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected FailedTokenUseCounts createCounts() {
        return database.persistence().failedTokenUses();
    }
}
