package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryFailedTokenUseCounts;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;

/** The in-memory counts keep the PostgreSQL adapter's contract, so use-case tests on them mean something. */
class InMemoryFailedTokenUseCountsContractTest extends FailedTokenUseCountsContract {
    @Override
    protected FailedTokenUseCounts createCounts() {
        return new InMemoryFailedTokenUseCounts();
    }
}
