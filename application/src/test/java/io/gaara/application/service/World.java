package io.gaara.application.service;

import io.gaara.application.fakes.FakePasswordHasher;
import io.gaara.application.fakes.FakeTokens;
import io.gaara.application.fakes.InMemoryAttemptCounters;
import io.gaara.application.fakes.InMemoryAuditTrail;
import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemoryEmailOutbox;
import io.gaara.application.fakes.InMemoryFailedTokenUseCounts;
import io.gaara.application.fakes.InMemoryOneTimeTokens;
import io.gaara.application.fakes.InMemorySessionRepository;
import io.gaara.application.fakes.InMemorySessionRevocations;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.application.port.in.AuthenticateCommand;
import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.ChangeEmailUseCase;
import io.gaara.application.port.in.ChangePasswordUseCase;
import io.gaara.application.port.in.CurrentUserUseCase;
import io.gaara.application.port.in.DeleteAccountUseCase;
import io.gaara.application.port.in.EndSessionUseCase;
import io.gaara.application.port.in.ForgotPasswordUseCase;
import io.gaara.application.port.in.ListSessionsUseCase;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.in.LoginUseCase;
import io.gaara.application.port.in.LogoutAllUseCase;
import io.gaara.application.port.in.LogoutUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.RefreshSessionUseCase;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.in.RegisterUseCase;
import io.gaara.application.port.in.RegisteredUser;
import io.gaara.application.port.in.Registration;
import io.gaara.application.port.in.ResendVerificationUseCase;
import io.gaara.application.port.in.ResetPasswordUseCase;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.in.UseCases;
import io.gaara.application.port.in.VerifyEmailUseCase;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.RecoveryPolicy;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.domain.User;
import io.gaara.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Every service wired on the in-memory fakes, as a use-case test sees the application. */
final class World {
    static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "test-agent/1.0");
    static final String PASSWORD = "correct horse battery staple";
    static final Duration LOGIN_FAILURE_FLOOR = Duration.ofMillis(800);

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    final InMemoryDatabase db = new InMemoryDatabase();
    final InMemoryUserRepository users = new InMemoryUserRepository(db);
    final InMemorySessionRepository sessions = new InMemorySessionRepository(db);
    final InMemorySessionRevocations revocations = new InMemorySessionRevocations();
    final InMemoryAuditTrail audit = new InMemoryAuditTrail(db);
    final InMemoryAttemptCounters attempts = new InMemoryAttemptCounters();
    final FakePasswordHasher hasher = new FakePasswordHasher();
    final FakeTokens tokens = new FakeTokens(clock, Duration.ofMinutes(15));
    final InMemoryEmailOutbox outbox = new InMemoryEmailOutbox(db);
    final InMemoryOneTimeTokens oneTimeTokens = new InMemoryOneTimeTokens(db);
    final InMemoryFailedTokenUseCounts failedTokenUses = new InMemoryFailedTokenUseCounts();
    final SecurityLogAggregator securityLog =
            new SecurityLogAggregator(failedTokenUses, SecurityLogAggregator.Limits.DEFAULT, clock);
    final RecoveryPolicy recovery;
    final SessionPolicy sessionPolicy;

    final RegisterUseCase register;
    final LoginUseCase login;
    final RefreshSessionUseCase refresh;
    final LogoutUseCase logout;
    final LogoutAllUseCase logoutAll;
    final AuthenticateUseCase authenticate;
    final CurrentUserUseCase currentUser;
    final ListSessionsUseCase listSessions;
    final EndSessionUseCase endSession;
    final ChangePasswordUseCase changePassword;
    final ForgotPasswordUseCase forgotPassword;
    final ResetPasswordUseCase resetPassword;
    final VerifyEmailUseCase verifyEmail;
    final ResendVerificationUseCase resendVerification;
    final ChangeEmailUseCase changeEmail;
    final DeleteAccountUseCase deleteAccount;

    World() {
        this(Duration.ZERO);
    }

    /** @param reuseGrace how long after a rotation the token it spent is answered with the current one, not as reuse */
    World(Duration reuseGrace) {
        this(reuseGrace, ThrottlePolicy.DEFAULT);
    }

    World(ThrottlePolicy throttlePolicy) {
        this(Duration.ZERO, throttlePolicy);
    }

    /**
     * @param reuseGrace how long the token spent by the latest rotation is refused without ending the family
     * @param throttlePolicy how failed logins and registrations are slowed down
     */
    World(Duration reuseGrace, ThrottlePolicy throttlePolicy) {
        this(reuseGrace, throttlePolicy, false);
    }

    /** A world where an account signs in only once its address is proven ({@code GAARA_REQUIRE_VERIFIED_EMAIL}). */
    static World requiringVerifiedEmail() {
        return new World(Duration.ZERO, ThrottlePolicy.DEFAULT, true);
    }

    /** A world where a user holds at most {@code max} live sessions ({@code GAARA_SESSIONS_MAX_PER_USER}). */
    static World withSessionCap(int max) {
        return new World(Duration.ZERO, ThrottlePolicy.DEFAULT, false, max);
    }

    private World(Duration reuseGrace, ThrottlePolicy throttlePolicy, boolean requireVerifiedEmail) {
        this(reuseGrace, throttlePolicy, requireVerifiedEmail, SessionPolicy.DEFAULT_MAX_PER_USER);
    }

    private World(Duration reuseGrace, ThrottlePolicy throttlePolicy, boolean requireVerifiedEmail, int maxSessions) {
        recovery = new RecoveryPolicy(
                Duration.ofMinutes(30),
                RecoveryPolicy.DEFAULT_VERIFY_TOKEN_TTL,
                URI.create("https://app.example.com"),
                requireVerifiedEmail);
        sessionPolicy = new SessionPolicy(Duration.ofDays(14), Duration.ofDays(30), reuseGrace, maxSessions);
        UseCases app = UseCaseFactory.create(
                new UseCaseFactory.OutPorts(
                        users,
                        sessions,
                        revocations,
                        audit,
                        db,
                        attempts,
                        hasher,
                        tokens.accessTokens(),
                        tokens.refreshTokens(),
                        oneTimeTokens,
                        outbox,
                        securityLog),
                new PasswordPolicy(Set.of("password123")),
                sessionPolicy,
                throttlePolicy,
                recovery,
                LOGIN_FAILURE_FLOOR,
                clock);
        register = app.register();
        login = app.login();
        refresh = app.refresh();
        logout = app.logout();
        logoutAll = app.logoutAll();
        authenticate = app.authenticate();
        currentUser = app.currentUser();
        listSessions = app.listSessions();
        endSession = app.endSession();
        changePassword = app.changePassword();
        forgotPassword = app.forgotPassword();
        resetPassword = app.resetPassword();
        verifyEmail = app.verifyEmail();
        resendVerification = app.resendVerification();
        changeEmail = app.changeEmail();
        deleteAccount = app.deleteAccount();
    }

    /** A new account, its address not yet proven (in a world that requires proof, it cannot sign in yet). */
    RegisteredUser registered(String email) {
        Registration answer = register.register(new RegisterCommand(new Email(email), new Password(PASSWORD), CLIENT));
        if (answer instanceof Registration.Created created) {
            return created.user();
        }
        User user = users.findByEmail(new Email(email)).orElseThrow();
        return new RegisteredUser(user.id(), user.email(), user.createdAt());
    }

    TokenPair loggedIn(String email) {
        return login.login(new LoginCommand(email, new Password(PASSWORD), CLIENT));
    }

    Principal principalOf(TokenPair pair) {
        return authenticate.authenticate(new AuthenticateCommand(pair.accessToken(), CLIENT));
    }
}
