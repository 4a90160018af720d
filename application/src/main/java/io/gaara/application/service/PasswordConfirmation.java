package io.gaara.application.service;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.WrongPasswordException;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Password;
import io.gaara.domain.User;

/**
 * The password a signed-in user types to confirm a grave step (a new password, a new address, deleting the account): a
 * stolen access token alone must not do these. Wrong guesses count against the login throttle like failed logins, and
 * the hash is read fresh from the database, never from a cache another instance's change has not reached.
 */
final class PasswordConfirmation {
    static final String WRONG_PASSWORD = "The current password is incorrect.";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final Auditor auditor;

    PasswordConfirmation(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, Auditor auditor) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.auditor = auditor;
    }

    /**
     * @return the user, as the database holds it now
     * @throws WrongPasswordException when the password does not match (recorded as {@code failure})
     */
    User confirm(Principal principal, Password password, ClientInfo client, AuditEventType failure) {
        User user = users.findFresh(principal.userId())
                .orElseThrow(() -> new InvalidAccessTokenException("The account no longer exists."));
        LoginThrottle.Attempt attempt =
                throttle.admit(new LoginCommand(user.email().value(), password, client));
        if (!hasher.verify(password, user.passwordHash()).matches()) {
            throttle.failed(attempt);
            auditor.failure(failure, user.id(), principal.sessionId(), client, "wrong_password");
            throw new WrongPasswordException(WRONG_PASSWORD);
        }
        throttle.succeeded(attempt);
        return user;
    }
}
