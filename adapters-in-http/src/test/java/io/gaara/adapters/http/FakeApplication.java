package io.gaara.adapters.http;

import io.gaara.application.fakes.FakePasswordHasher;
import io.gaara.application.fakes.FakeTokens;
import io.gaara.application.fakes.InMemoryAuditTrail;
import io.gaara.application.fakes.InMemoryDatabase;
import io.gaara.application.fakes.InMemorySessionRepository;
import io.gaara.application.fakes.InMemorySessionRevocations;
import io.gaara.application.fakes.InMemoryUserRepository;
import io.gaara.testsupport.MutableClock;
import io.gaara.application.service.AuthenticateService;
import io.gaara.application.service.CurrentUserService;
import io.gaara.application.service.EndSessionService;
import io.gaara.application.service.ListSessionsService;
import io.gaara.application.service.LoginService;
import io.gaara.application.service.LogoutAllService;
import io.gaara.application.service.LogoutService;
import io.gaara.application.service.RefreshSessionService;
import io.gaara.application.service.RegisterService;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.SessionPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The real services over the in-memory fakes: the HTTP contract is tested without a database. */
final class FakeApplication {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryDatabase db = new InMemoryDatabase();
    final InMemoryAuditTrail audit = new InMemoryAuditTrail(db);
    final UseCases useCases;

    FakeApplication() {
        var users = new InMemoryUserRepository(db);
        var sessions = new InMemorySessionRepository(db);
        var revocations = new InMemorySessionRevocations();
        var hasher = new FakePasswordHasher();
        var tokens = new FakeTokens(clock, Duration.ofMinutes(15));
        var policy = SessionPolicy.DEFAULT;
        useCases = new UseCases(
                new RegisterService(users, hasher, new PasswordPolicy(Set.of("password123")), audit, db, clock),
                new LoginService(users, sessions, hasher, tokens.accessTokens(), tokens.refreshTokens(), audit, db, policy, clock),
                new RefreshSessionService(sessions, tokens.accessTokens(), tokens.refreshTokens(), revocations, audit, db, policy, clock),
                new LogoutService(sessions, tokens.refreshTokens(), revocations, audit, db, clock),
                new LogoutAllService(sessions, revocations, audit, db, clock),
                new AuthenticateService(tokens.accessTokens(), revocations),
                new CurrentUserService(users),
                new ListSessionsService(sessions, clock),
                new EndSessionService(sessions, revocations, audit, db, clock));
    }
}
