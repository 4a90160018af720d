package io.gaara.application.service;

import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.crypto.PasswordHasher.PasswordCheck;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

public final class LoginService implements LoginUseCase {
    static final String BAD_CREDENTIALS = "The email or password is incorrect.";

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final SessionTokens tokens;
    private final Transactions transactions;
    private final Auditor auditor;
    private final SessionPolicy sessionPolicy;
    private final Clock clock;
    private final LoginThrottle throttle;
    /** Verified when the email is unknown, so that both failures cost one full hash (ASVS 6.3.8). */
    private final PasswordHash dummyHash;

    public LoginService(
            UserRepository users,
            SessionRepository sessions,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            AuditTrail audit,
            Transactions transactions,
            SessionPolicy sessionPolicy,
            Clock clock,
            LoginThrottle throttle) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.tokens = new SessionTokens(accessTokens, refreshTokens, clock);
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.sessionPolicy = sessionPolicy;
        this.clock = clock;
        this.throttle = throttle;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hasher.hash(new Password(Base64.getEncoder().encodeToString(random)));
    }

    @Override
    public TokenPair login(LoginCommand command) {
        LoginThrottle.Attempt attempt = throttle.admit(command);
        Optional<User> found = parseEmail(command.email()).flatMap(users::findByEmail);
        if (found.isEmpty()) {
            hasher.verify(command.password(), dummyHash);
            throttle.failed(attempt);
            auditor.failure(AuditEventType.LOGIN_FAILURE, null, null, command.client(), "unknown_email");
            throw new InvalidCredentialsException(BAD_CREDENTIALS);
        }
        User user = found.get();
        PasswordCheck check = hasher.verify(command.password(), user.passwordHash());
        if (!check.matches()) {
            throttle.failed(attempt);
            auditor.failure(AuditEventType.LOGIN_FAILURE, user.id(), null, command.client(), "wrong_password");
            throw new InvalidCredentialsException(BAD_CREDENTIALS);
        }
        PasswordHash upgraded = check == PasswordCheck.MATCH_NEEDS_REHASH ? hasher.hash(command.password()) : null;
        Session session = Session.start(
                SessionId.random(), user.id(), TokenId.random(), clock.instant(), sessionPolicy, command.client());
        transactions.inTransaction(() -> {
            if (upgraded != null) {
                users.updatePasswordHash(user.id(), upgraded);
                auditor.success(AuditEventType.PASSWORD_REHASHED, user.id(), null, command.client());
            }
            sessions.add(session);
            auditor.success(AuditEventType.LOGIN_SUCCESS, user.id(), session.id(), command.client());
        });
        throttle.succeeded(attempt);
        return tokens.issueFor(session);
    }

    private static Optional<Email> parseEmail(String text) {
        try {
            return Optional.of(new Email(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
