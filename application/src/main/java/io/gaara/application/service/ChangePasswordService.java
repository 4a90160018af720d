package io.gaara.application.service;

import io.gaara.application.port.in.ChangePasswordCommand;
import io.gaara.application.port.in.ChangePasswordUseCase;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.SessionId;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Instant;

/**
 * A signed-in user sets a new password, confirming the current one ({@link PasswordConfirmation}). Every other session
 * ends on every instance, so an attacker holding a refresh token is out; links issued before stop working; the owner is
 * told by email.
 */
public final class ChangePasswordService implements ChangePasswordUseCase {
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final PasswordConfirmation confirmation;
    private final PasswordChanges changes;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;

    ChangePasswordService(
            PasswordHasher hasher,
            PasswordPolicy policy,
            PasswordConfirmation confirmation,
            PasswordChanges changes,
            Transactions transactions,
            Auditor auditor,
            Clock clock) {
        this.hasher = hasher;
        this.policy = policy;
        this.confirmation = confirmation;
        this.changes = changes;
        this.transactions = transactions;
        this.auditor = auditor;
        this.clock = clock;
    }

    @Override
    public void changePassword(ChangePasswordCommand command) {
        policy.check(command.newPassword());
        SessionId current = command.principal().sessionId();
        User user = confirmation.confirm(
                command.principal(),
                command.currentPassword(),
                command.client(),
                AuditEventType.PASSWORD_CHANGE_FAILURE);
        // hash before the transaction: a connection is never held while a core hashes
        PasswordHash hash = hasher.hash(command.newPassword());
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            changes.apply(user, hash, current, RevocationReason.PASSWORD_CHANGED, now);
            auditor.success(AuditEventType.PASSWORD_CHANGED, user.id(), current, command.client());
        });
    }
}
