package io.gaara.application.service;

import io.gaara.application.port.in.UseCases;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.application.port.out.security.SecurityLog;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.RecoveryPolicy;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.ThrottlePolicy;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Wires every service from the out-ports, once: the server, the use-case tests and the HTTP adapter's tests all build
 * the application here, so a new service or a new dependency is added in one place.
 */
public final class UseCaseFactory {

    /** What the services need from the world. */
    public record OutPorts(
            UserRepository users,
            SessionRepository sessions,
            SessionRevocations revocations,
            AuditTrail audit,
            Transactions transactions,
            AttemptCounters attempts,
            PasswordHasher hasher,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            OneTimeTokens oneTimeTokens,
            EmailOutbox emailOutbox,
            SecurityLog securityLog) {

        public OutPorts {
            Objects.requireNonNull(users, "users");
            Objects.requireNonNull(sessions, "sessions");
            Objects.requireNonNull(revocations, "revocations");
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(transactions, "transactions");
            Objects.requireNonNull(attempts, "attempts");
            Objects.requireNonNull(hasher, "hasher");
            Objects.requireNonNull(accessTokens, "accessTokens");
            Objects.requireNonNull(refreshTokens, "refreshTokens");
            Objects.requireNonNull(oneTimeTokens, "oneTimeTokens");
            Objects.requireNonNull(emailOutbox, "emailOutbox");
            Objects.requireNonNull(securityLog, "securityLog");
        }
    }

    private UseCaseFactory() {}

    /**
     * @param loginFailureFloor how long after it began every failed login, and every request for a link by address, is
     *     answered (see {@link LoginService}, {@link AddressRequests}); zero answers at once and lets the answer time
     *     tell which emails have accounts
     */
    public static UseCases create(
            OutPorts ports,
            PasswordPolicy passwordPolicy,
            SessionPolicy sessionPolicy,
            ThrottlePolicy throttlePolicy,
            RecoveryPolicy recoveryPolicy,
            Duration loginFailureFloor,
            Clock clock) {
        var users = ports.users();
        var sessions = ports.sessions();
        var revocations = ports.revocations();
        var audit = ports.audit();
        var tx = ports.transactions();
        var access = ports.accessTokens();
        var refresh = ports.refreshTokens();
        var securityLog = ports.securityLog();
        var auditor = new Auditor(audit, clock);
        var loginThrottle = new LoginThrottle(ports.attempts(), throttlePolicy.login(), auditor, clock);
        var passwordChanges =
                new PasswordChanges(users, sessions, revocations, ports.oneTimeTokens(), ports.emailOutbox());
        var registrationThrottle =
                new RegistrationThrottle(ports.attempts(), throttlePolicy.register(), auditor, clock);
        var links = new AccountLinks(
                ports.oneTimeTokens(),
                ports.emailOutbox(),
                new OneTimeTokenCodec(new SecureRandom()),
                recoveryPolicy,
                clock);
        var addressRequests = new AddressRequests(users, ports.attempts(), clock, loginFailureFloor);
        var confirmation = new PasswordConfirmation(users, ports.hasher(), loginThrottle, auditor);
        boolean requireVerified = recoveryPolicy.requireVerifiedEmail();
        return new UseCases(
                new RegisterService(
                        users,
                        ports.hasher(),
                        passwordPolicy,
                        tx,
                        auditor,
                        clock,
                        registrationThrottle,
                        links,
                        ports.emailOutbox(),
                        ports.attempts(),
                        requireVerified,
                        loginFailureFloor),
                new LoginService(
                        users,
                        sessions,
                        revocations,
                        ports.hasher(),
                        access,
                        refresh,
                        audit,
                        tx,
                        sessionPolicy,
                        loginFailureFloor,
                        clock,
                        loginThrottle,
                        requireVerified),
                new RefreshSessionService(
                        sessions, users, access, refresh, revocations, audit, tx, securityLog, sessionPolicy, clock),
                new LogoutService(
                        sessions, refresh, revocations, audit, tx, securityLog, clock, sessionPolicy.reuseGrace()),
                new LogoutAllService(sessions, revocations, audit, tx, clock),
                new AuthenticateService(access, revocations, securityLog),
                new CurrentUserService(users),
                new ListSessionsService(sessions, clock),
                new EndSessionService(sessions, revocations, audit, tx, securityLog, clock),
                new ChangePasswordService(
                        ports.hasher(), passwordPolicy, confirmation, passwordChanges, tx, auditor, clock),
                new ForgotPasswordService(addressRequests, links, tx, auditor),
                new ResetPasswordService(
                        users,
                        ports.hasher(),
                        passwordPolicy,
                        ports.oneTimeTokens(),
                        passwordChanges,
                        audit,
                        tx,
                        clock),
                new VerifyEmailService(users, ports.oneTimeTokens(), tx, auditor, clock),
                new ResendVerificationService(addressRequests, links, tx, auditor),
                new ChangeEmailService(
                        users,
                        confirmation,
                        links,
                        ports.attempts(),
                        tx,
                        auditor,
                        clock,
                        requireVerified,
                        loginFailureFloor),
                new DeleteAccountService(users, sessions, revocations, audit, confirmation, tx, auditor, clock));
    }
}
