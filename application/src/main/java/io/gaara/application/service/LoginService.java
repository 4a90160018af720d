package io.gaara.application.service;

import io.gaara.application.EmailNotVerifiedException;
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
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Password login. Every failure is answered the same time after the check began, whatever the account (unknown, current
 * hash, legacy hash, hash with old parameters, unreadable hash): the exception says how much of the configured floor is
 * left, and the caller waits it out without holding a hashing permit or a thread. Without the floor, a legacy bcrypt or
 * PBKDF2 user answers a wrong password in 250–700 ms against 20 ms for an unknown email, which tells an attacker which
 * emails have accounts.
 *
 * <p>A login that takes the user past {@link SessionPolicy#maxPerUser()} live sessions ends the oldest ones in the same
 * transaction (reason {@code session_limit}, one {@code session_evicted} audit event each), and announces them, so
 * every instance refuses their access tokens within the usual second, as after a logout.
 */
public final class LoginService implements LoginUseCase {
    static final String BAD_CREDENTIALS = "The email or password is incorrect.";
    static final String NOT_VERIFIED =
            "This account's email address is not verified yet; follow the link we sent, or ask for a new one.";
    /** A floor longer than this is a misconfiguration: clients would time out before the answer. */
    public static final Duration MAX_FAILURE_FLOOR = Duration.ofSeconds(10);

    private final UserRepository users;
    private final SessionRepository sessions;
    private final SessionRevocations revocations;
    private final PasswordHasher hasher;
    private final SessionTokens tokens;
    private final Transactions transactions;
    private final Auditor auditor;
    private final SessionPolicy sessionPolicy;
    private final Clock clock;
    private final Duration failureFloor;
    private final LoginThrottle throttle;
    private final boolean requireVerifiedEmail;
    /** Verified when the email is unknown, so that both failures cost one full hash (ASVS 6.3.8). */
    private final PasswordHash dummyHash;

    public LoginService(
            UserRepository users,
            SessionRepository sessions,
            SessionRevocations revocations,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            AuditTrail audit,
            Transactions transactions,
            SessionPolicy sessionPolicy,
            Duration failureFloor,
            Clock clock,
            LoginThrottle throttle,
            boolean requireVerifiedEmail) {
        Objects.requireNonNull(failureFloor, "failureFloor");
        if (failureFloor.isNegative() || failureFloor.compareTo(MAX_FAILURE_FLOOR) > 0) {
            throw new IllegalArgumentException(
                    "the login failure floor must be between 0 and " + MAX_FAILURE_FLOOR.toSeconds() + " seconds");
        }
        this.failureFloor = failureFloor;
        this.users = users;
        this.sessions = sessions;
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.hasher = hasher;
        this.tokens = new SessionTokens(accessTokens, refreshTokens, clock);
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.sessionPolicy = sessionPolicy;
        this.clock = clock;
        this.throttle = throttle;
        this.requireVerifiedEmail = requireVerifiedEmail;
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.dummyHash = hasher.hash(new Password(Base64.getEncoder().encodeToString(random)));
    }

    @Override
    public TokenPair login(LoginCommand command) {
        Instant began = clock.instant();
        // a refused attempt is answered at once: the refusal reads the same counters whatever the account
        LoginThrottle.Attempt attempt = throttle.admit(command);
        Optional<User> found = Email.parse(command.email()).flatMap(users::findByEmail);
        if (found.isEmpty()) {
            hasher.verify(command.password(), dummyHash);
            throttle.failed(attempt);
            auditor.failure(AuditEventType.LOGIN_FAILURE, null, null, command.client(), "unknown_email");
            throw failure(began);
        }
        User user = found.get();
        PasswordCheck check = hasher.verify(command.password(), user.passwordHash());
        if (!check.matches()) {
            throttle.failed(attempt);
            auditor.failure(AuditEventType.LOGIN_FAILURE, user.id(), null, command.client(), "wrong_password");
            throw failure(began);
        }
        if (requireVerifiedEmail && !user.emailVerified()) {
            // the password was right, so this says nothing an attacker could not learn by signing in
            auditor.failure(AuditEventType.LOGIN_FAILURE, user.id(), null, command.client(), "email_not_verified");
            throw new EmailNotVerifiedException(NOT_VERIFIED);
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
            endOldestBeyondCap(user, session.createdAt(), command);
        });
        throttle.succeeded(attempt);
        return tokens.issueFor(session, user.emailVerified());
    }

    /** Inside the login's transaction, after its session is added: the cap counts the new session. */
    private void endOldestBeyondCap(User user, Instant now, LoginCommand command) {
        List<SessionId> ended =
                sessions.revokeOldestBeyond(user.id(), sessionPolicy.maxPerUser(), now, RevocationReason.SESSION_LIMIT);
        for (SessionId id : ended) {
            revocations.announce(id, now);
            auditor.success(
                    AuditEventType.SESSION_EVICTED,
                    user.id(),
                    id,
                    command.client(),
                    RevocationReason.SESSION_LIMIT.code());
        }
    }

    private InvalidCredentialsException failure(Instant began) {
        Duration spent = Duration.between(began, clock.instant());
        return new InvalidCredentialsException(BAD_CREDENTIALS, failureFloor.minus(spent));
    }
}
