package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryAuditTrail;
import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemorySessionRepository;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.UserId;

/** The in-memory database's transactions keep the PostgreSQL adapter's contract: all or nothing, audit included. */
class InMemoryTransactionsContractTest extends TransactionsContract {
    private final InMemoryDatabase db = new InMemoryDatabase();
    private final InMemoryAuditTrail audit = new InMemoryAuditTrail(db);

    @Override
    protected Transactions createTransactions() {
        return db;
    }

    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository(db);
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository(db);
    }

    @Override
    protected AuditTrail createAuditTrail() {
        return audit;
    }

    @Override
    protected long auditEventCount(UserId userId) {
        return audit.events().stream().filter(e -> userId.equals(e.userId())).count();
    }
}
