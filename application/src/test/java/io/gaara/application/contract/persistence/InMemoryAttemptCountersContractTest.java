package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryAttemptCounters;
import io.gaara.application.port.out.persistence.AttemptCounters;
import java.util.Set;

/** The in-memory counters keep the PostgreSQL adapter's contract, so use-case tests on them mean something. */
class InMemoryAttemptCountersContractTest extends AttemptCountersContract {
    private final InMemoryAttemptCounters counters = new InMemoryAttemptCounters();

    @Override
    protected AttemptCounters createCounters() {
        return counters;
    }

    @Override
    protected Set<String> storedKeys() {
        return counters.stored().keySet();
    }
}
