package io.gaara.application.service;

import io.gaara.application.InvalidTokenException;
import io.gaara.application.port.in.ResetPasswordCommand;
import io.gaara.application.port.in.ResetPasswordUseCase;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Instant;

/**
 * A new password through a reset link. The token is spent in the same transaction that stores the password, so it works
 * once even when two instances get it at once; every session of the user ends on every instance (whoever forgot the
 * password may not be the only one holding the account), and every other link of the user stops working. Following the
 * link proves the address it was sent to, which is still the account's (a move to another address ends the link), so
 * the address counts as verified from then on.
 */
public final class ResetPasswordService implements ResetPasswordUseCase {
    static final String INVALID = "This link is invalid or has expired; ask for a new one.";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final OneTimeTokens tokens;
    private final PasswordChanges changes;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;

    ResetPasswordService(
            UserRepository users,
            PasswordHasher hasher,
            PasswordPolicy policy,
            OneTimeTokens tokens,
            PasswordChanges changes,
            AuditTrail audit,
            Transactions transactions,
            Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.tokens = tokens;
        this.changes = changes;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.clock = clock;
    }

    @Override
    public void resetPassword(ResetPasswordCommand command) {
        // a weak password is refused before the token is spent: the link still works for a better one
        policy.check(command.newPassword());
        if (!OneTimeTokenCodec.wellFormed(command.token())) {
            auditor.failure(AuditEventType.PASSWORD_RESET_FAILURE, null, null, command.client(), "malformed");
            throw new InvalidTokenException(INVALID);
        }
        PasswordHash hash = hasher.hash(command.newPassword());
        Instant now = clock.instant();
        try {
            transactions.inTransaction(() -> {
                var spent = tokens.spend(
                                OneTimeTokens.Purpose.PASSWORD_RESET, OneTimeTokenCodec.hash(command.token()), now)
                        .orElseThrow(() -> new InvalidTokenException(INVALID));
                User user = users.findById(spent.user()).orElseThrow(() -> new InvalidTokenException(INVALID));
                changes.apply(user, hash, null, RevocationReason.PASSWORD_RESET, now);
                users.markEmailVerified(user.id(), user.email(), now);
                auditor.success(AuditEventType.PASSWORD_RESET, user.id(), null, command.client());
            });
        } catch (InvalidTokenException e) {
            auditor.failure(AuditEventType.PASSWORD_RESET_FAILURE, null, null, command.client(), "invalid_token");
            throw e;
        }
    }
}
