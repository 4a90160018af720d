package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.AttemptCountersContract;
import io.gaara.application.port.out.persistence.AttemptCounters;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link AttemptCounters} contract on {@link JdbiAttemptCounters}, read back from {@code attempt_counters}, on
 * every {@link ContractDatabase} available: the SQL's backoff must agree with the domain's formula to the microsecond.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiAttemptCountersContractTest extends AttemptCountersContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiAttemptCountersContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected AttemptCounters createCounters() {
        return database.persistence().attemptCounters();
    }

    @Override
    protected Set<String> storedKeys() {
        return new HashSet<>(database.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT key FROM attempt_counters")
                        .mapTo(String.class)
                        .list()));
    }
}
