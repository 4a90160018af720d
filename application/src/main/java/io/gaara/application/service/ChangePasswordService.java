package io.gaara.application.service;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.WrongPasswordException;
import io.gaara.application.port.in.ChangePasswordCommand;
import io.gaara.application.port.in.ChangePasswordUseCase;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.SessionId;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Instant;

/**
 * A signed-in user sets a new password. Knowing the current one is required (a stolen access token alone must not lock
 * the owner out), and wrong guesses count against the login throttle like failed logins. Every other session ends on
 * every instance, so an attacker holding a refresh token is out; reset links issued before stop working; the owner is
 * told by email.
 */
public final class ChangePasswordService implements ChangePasswordUseCase {
    static final String WRONG_PASSWORD = "The current password is incorrect.";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final PasswordChanges changes;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;
    private final LoginThrottle throttle;

    ChangePasswordService(
            UserRepository users,
            PasswordHasher hasher,
            PasswordPolicy policy,
            PasswordChanges changes,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            LoginThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.changes = changes;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.clock = clock;
        this.throttle = throttle;
    }

    @Override
    public void changePassword(ChangePasswordCommand command) {
        policy.check(command.newPassword());
        SessionId current = command.principal().sessionId();
        User user = users.findById(command.principal().userId())
                .orElseThrow(() -> new InvalidAccessTokenException("The account no longer exists."));
        LoginThrottle.Attempt attempt =
                throttle.admit(new LoginCommand(user.email().value(), command.currentPassword(), command.client()));
        if (!hasher.verify(command.currentPassword(), user.passwordHash()).matches()) {
            throttle.failed(attempt);
            auditor.failure(
                    AuditEventType.PASSWORD_CHANGE_FAILURE, user.id(), current, command.client(), "wrong_password");
            throw new WrongPasswordException(WRONG_PASSWORD);
        }
        throttle.succeeded(attempt);
        // hash before the transaction: a connection is never held while a core hashes
        PasswordHash hash = hasher.hash(command.newPassword());
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            changes.apply(user, hash, current, RevocationReason.PASSWORD_CHANGED, now);
            auditor.success(AuditEventType.PASSWORD_CHANGED, user.id(), current, command.client());
        });
    }
}
