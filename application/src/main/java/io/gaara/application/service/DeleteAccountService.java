package io.gaara.application.service;

import io.gaara.application.port.in.DeleteAccountCommand;
import io.gaara.application.port.in.DeleteAccountUseCase;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.SessionId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Clock;
import java.time.Instant;

/**
 * The owner deletes the account, confirming the password ({@link PasswordConfirmation}). In one transaction: every
 * session ends and is announced to every instance, so no token of the account is accepted anywhere a second later; the
 * session rows keep only ids and times under a pseudonym, as tombstones for instances that missed the announcement; the
 * audit trail keeps every event, under the same pseudonym, a random id that nothing links back to the account; the
 * account and its links are deleted. The address is free for a new registration at once.
 */
public final class DeleteAccountService implements DeleteAccountUseCase {
    private final UserRepository users;
    private final SessionRepository sessions;
    private final SessionRevocations revocations;
    private final AuditTrail audit;
    private final PasswordConfirmation confirmation;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;

    DeleteAccountService(
            UserRepository users,
            SessionRepository sessions,
            SessionRevocations revocations,
            AuditTrail audit,
            PasswordConfirmation confirmation,
            Transactions transactions,
            Auditor auditor,
            Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.revocations = revocations;
        this.audit = audit;
        this.confirmation = confirmation;
        this.transactions = transactions;
        this.auditor = auditor;
        this.clock = clock;
    }

    @Override
    public void deleteAccount(DeleteAccountCommand command) {
        User user = confirmation.confirm(
                command.principal(), command.password(), command.client(), AuditEventType.ACCOUNT_DELETE_FAILURE);
        UserId pseudonym = UserId.random();
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            for (SessionId ended : sessions.revokeAllOf(user.id(), now, RevocationReason.ACCOUNT_DELETED)) {
                revocations.announce(ended, now);
            }
            sessions.forgetUser(user.id(), pseudonym);
            audit.pseudonymise(user.id(), pseudonym);
            auditor.success(
                    AuditEventType.ACCOUNT_DELETED,
                    pseudonym,
                    command.principal().sessionId(),
                    command.client());
            users.delete(user.id());
        });
    }
}
