package io.gaara.adapters.persistence;

import io.gaara.application.contract.persistence.SessionRepositoryContract;
import io.gaara.application.contract.persistence.SessionRevocationsContract;
import io.gaara.application.contract.persistence.TransactionsContract;
import io.gaara.application.contract.persistence.UserRepositoryContract;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * The port contracts, run against the Jdbi adapters on a PostgreSQL that a subclass provides
 * (embedded, Testcontainers, or an external server).
 */
abstract class PostgresPortContracts {

    /** A started persistence on a migrated database that these tests may empty. */
    abstract PostgresPersistence persistence();

    @BeforeEach
    void emptyTables() {
        SharedEmbeddedPostgres.truncate(persistence());
    }

    @Nested
    class Users extends UserRepositoryContract {
        @Override
        protected UserRepository createUserRepository() {
            return persistence().users();
        }
    }

    @Nested
    class Sessions extends SessionRepositoryContract {
        @Override
        protected UserRepository createUserRepository() {
            return persistence().users();
        }

        @Override
        protected SessionRepository createSessionRepository() {
            return persistence().sessions();
        }
    }

    @Nested
    class Transactional extends TransactionsContract {
        @Override
        protected Transactions createTransactions() {
            return persistence().transactions();
        }

        @Override
        protected UserRepository createUserRepository() {
            return persistence().users();
        }

        @Override
        protected SessionRepository createSessionRepository() {
            return persistence().sessions();
        }

        @Override
        protected AuditTrail createAuditTrail() {
            return persistence().auditTrail();
        }

        @Override
        protected long auditEventCount(UserId userId) {
            return persistence().jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM audit_events WHERE user_id = :id")
                    .bind("id", userId.value())
                    .mapTo(Long.class)
                    .one());
        }
    }

    @Nested
    class Revocations extends SessionRevocationsContract {
        @Override
        protected SessionRevocations createSessionRevocations() {
            return persistence().revocations();
        }

        @Override
        protected Transactions createTransactions() {
            return persistence().transactions();
        }
    }
}
