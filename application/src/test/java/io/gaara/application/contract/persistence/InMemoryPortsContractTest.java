package io.gaara.application.contract.persistence;

import io.gaara.application.fakes.InMemoryAuditTrail;
import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemorySessionRepository;
import io.gaara.application.fakes.InMemorySessionRevocations;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.UserId;
import org.junit.jupiter.api.Nested;

/** The in-memory fakes keep the same contracts as the PostgreSQL adapters, so use-case tests on them mean something. */
class InMemoryPortsContractTest {

    @Nested
    class Users extends UserRepositoryContract {
        @Override
        protected UserRepository createUserRepository() {
            return new InMemoryUserRepository(new InMemoryDatabase());
        }
    }

    @Nested
    class Sessions extends SessionRepositoryContract {
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

    @Nested
    class Transactional extends TransactionsContract {
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

    @Nested
    class Revocations extends SessionRevocationsContract {
        @Override
        protected SessionRevocations createSessionRevocations() {
            return new InMemorySessionRevocations();
        }

        @Override
        protected Transactions createTransactions() {
            return new InMemoryDatabase();
        }
    }
}
