package io.gaara.application.contract.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.SessionId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link SessionRevocations} must answer on the instance that announced; subclass it once per adapter. */
public abstract class SessionRevocationsContract {
    private SessionRevocations revocations;
    private Transactions transactions;

    protected abstract SessionRevocations createSessionRevocations();

    /** The transactions that {@link SessionRevocations#announce} joins. */
    protected abstract Transactions createTransactions();

    /** Now, on the clock the adapter was built with. */
    protected Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @BeforeEach
    void setUpPorts() {
        revocations = createSessionRevocations();
        transactions = createTransactions();
    }

    @Test
    void givenAnnouncedSession_whenChecked_thenRevoked() {
        SessionId id = SessionId.random();

        revocations.announce(id, now());

        assertThat(revocations.isRevoked(id)).isTrue();
    }

    @Test
    void givenAnnouncementInCommittedTransaction_whenCheckedAfterCommit_thenRevoked() {
        SessionId id = SessionId.random();

        transactions.inTransaction(() -> revocations.announce(id, now()));

        assertThat(revocations.isRevoked(id)).isTrue();
    }

    @Test
    void givenNothingAnnounced_whenChecked_thenNotRevoked() {
        assertThat(revocations.isRevoked(SessionId.random())).isFalse();
    }

    @Test
    void givenOneSessionAnnounced_whenAnotherIsChecked_thenOnlyTheAnnouncedOneIsRevoked() {
        SessionId ended = SessionId.random();
        SessionId other = SessionId.random();

        revocations.announce(ended, now());

        assertThat(revocations.isRevoked(ended)).isTrue();
        assertThat(revocations.isRevoked(other)).isFalse();
    }
}
