package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.TransactionsContract;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.UserId;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link Transactions} contract on {@link JdbiTransactions} with the Jdbi repositories and {@link JdbiAuditTrail},
 * on every {@link ContractDatabase} available.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(ContractDatabase.class)
class JdbiTransactionsContractTest extends TransactionsContract {
    /** Also an extension: skips where this server is not available, empties the tables before each test. */
    @RegisterExtension
    final ContractDatabase database;

    JdbiTransactionsContractTest(ContractDatabase database) {
        this.database = database;
    }

    @Override
    protected Transactions createTransactions() {
        return database.persistence().transactions();
    }

    @Override
    protected UserRepository createUserRepository() {
        return database.persistence().users();
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return database.persistence().sessions();
    }

    @Override
    protected AuditTrail createAuditTrail() {
        return database.persistence().auditTrail();
    }

    @Override
    protected long auditEventCount(UserId userId) {
        return database.persistence()
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM audit_events WHERE user_id = :id")
                        .bind("id", userId)
                        .mapTo(Long.class)
                        .one());
    }
}
