package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEvent;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Transactions} must do with the repositories of the same adapter; subclass it once per adapter. */
public abstract class TransactionsContract {
    private Transactions transactions;
    private UserRepository users;
    private SessionRepository sessions;
    private AuditTrail audit;

    /** All over the same empty storage. */
    protected abstract Transactions createTransactions();

    protected abstract UserRepository createUserRepository();

    protected abstract SessionRepository createSessionRepository();

    protected abstract AuditTrail createAuditTrail();

    /**
     * How many audit events about {@code userId} the storage holds (committed ones, read from outside any transaction).
     */
    protected abstract long auditEventCount(UserId userId);

    @BeforeEach
    void setUpPorts() {
        transactions = createTransactions();
        users = createUserRepository();
        sessions = createSessionRepository();
        audit = createAuditTrail();
    }

    @Test
    void givenWorkThatReturns_whenRunInTransaction_thenEverythingIsCommittedAndTheResultReturned() {
        User user = Fixtures.user();
        Session session = Fixtures.session(user.id(), Fixtures.NOW);

        String result = transactions.inTransaction(() -> {
            users.add(user);
            sessions.add(session);
            audit.record(event(user.id()));
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(users.findById(user.id())).contains(user);
        assertThat(sessions.findById(session.id())).contains(session);
        assertThat(auditEventCount(user.id())).isEqualTo(1);
    }

    @Test
    void givenWorkThatThrows_whenRunInTransaction_thenUserSessionAndAuditAreAllRolledBackAndTheSameExceptionEscapes() {
        User user = Fixtures.user();
        Session session = Fixtures.session(user.id(), Fixtures.NOW);
        IllegalStateException boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    users.add(user);
                    sessions.add(session);
                    audit.record(event(user.id()));
                    throw boom;
                }))
                .isSameAs(boom);

        assertThat(users.findById(user.id())).isEmpty();
        assertThat(sessions.findById(session.id())).isEmpty();
        assertThat(auditEventCount(user.id())).isZero();
    }

    @Test
    void givenCommittedSession_whenRevokedInTransactionThatThrows_thenStillLive() {
        User user = Fixtures.user();
        users.add(user);
        Session session = Fixtures.session(user.id(), Fixtures.NOW);
        sessions.add(session);

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    sessions.revokeAllOf(user.id(), Fixtures.NOW.plusSeconds(1), RevocationReason.LOGOUT_ALL);
                    throw new IllegalStateException("boom");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(sessions.findById(session.id())).contains(session);
    }

    @Test
    void givenDuplicateEmail_whenAddedInTransaction_thenEmailAlreadyRegisteredEscapesAndNothingElseOfTheWorkStays() {
        User first = Fixtures.user();
        users.add(first);
        User second = Fixtures.user(first.email().value());

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    audit.record(event(second.id()));
                    users.add(second);
                }))
                .isInstanceOf(EmailAlreadyRegisteredException.class);

        assertThat(auditEventCount(second.id())).isZero();
    }

    @Test
    void givenNestedTransaction_whenInnerReadsWhatOuterWrote_thenItSeesTheUncommittedWrite() {
        User user = Fixtures.user();

        boolean seen = transactions.inTransaction(() -> {
            users.add(user);
            return transactions.inTransaction(() -> users.findById(user.id()).isPresent());
        });

        assertThat(seen).isTrue();
    }

    @Test
    void givenNestedTransaction_whenOuterThrowsAfterInnerReturned_thenInnerWorkIsRolledBackToo() {
        User user = Fixtures.user();
        Session session = Fixtures.session(user.id(), Fixtures.NOW);

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    transactions.inTransaction(() -> {
                        users.add(user);
                        sessions.add(session);
                    });
                    throw new IllegalStateException("outer fails after inner returned");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(users.findById(user.id())).isEmpty();
        assertThat(sessions.findById(session.id())).isEmpty();
    }

    @Test
    void givenNestedTransactionThatThrows_whenOuterCatchesAndReturns_thenOuterWorkIsCommitted() {
        User user = Fixtures.user();

        transactions.inTransaction(() -> {
            users.add(user);
            try {
                transactions.inTransaction(() -> {
                    throw new IllegalStateException("inner fails without touching storage");
                });
            } catch (IllegalStateException expected) {
                // the outer transaction decides
            }
        });

        assertThat(users.findById(user.id())).contains(user);
    }

    private static AuditEvent event(UserId userId) {
        return new AuditEvent(AuditEventType.REGISTER, true, Fixtures.NOW, userId, null, Fixtures.CLIENT, null);
    }
}
