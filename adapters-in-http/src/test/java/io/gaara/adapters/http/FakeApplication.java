package io.gaara.adapters.http;

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
import io.gaara.application.port.in.UseCases;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.service.SecurityLogAggregator;
import io.gaara.application.service.UseCaseFactory;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.RecoveryPolicy;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The real services over the in-memory fakes: the HTTP contract is tested without a database. */
final class FakeApplication {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final InMemoryDatabase db = new InMemoryDatabase();
    final InMemoryAuditTrail audit = new InMemoryAuditTrail(db);
    final InMemorySessionRevocations revocations = new InMemorySessionRevocations();
    final InMemoryAttemptCounters attempts = new InMemoryAttemptCounters();
    final InMemoryEmailOutbox outbox = new InMemoryEmailOutbox(db);
    final InMemoryOneTimeTokens oneTimeTokens = new InMemoryOneTimeTokens(db);
    final InMemoryFailedTokenUseCounts failedTokenUses = new InMemoryFailedTokenUseCounts();
    final SecurityLogAggregator securityLog =
            new SecurityLogAggregator(failedTokenUses, SecurityLogAggregator.Limits.DEFAULT, clock);
    final UseCases useCases;

    FakeApplication() {
        this(ThrottlePolicy.DEFAULT, new FakePasswordHasher());
    }

    FakeApplication(ThrottlePolicy throttlePolicy, PasswordHasher hasher) {
        this(throttlePolicy, hasher, false);
    }

    /** An application where an account signs in only once its address is proven. */
    static FakeApplication requiringVerifiedEmail() {
        return new FakeApplication(ThrottlePolicy.DEFAULT, new FakePasswordHasher(), true);
    }

    private FakeApplication(ThrottlePolicy throttlePolicy, PasswordHasher hasher, boolean requireVerifiedEmail) {
        var tokens = new FakeTokens(clock, Duration.ofMinutes(15));
        var ports = new UseCaseFactory.OutPorts(
                new InMemoryUserRepository(db),
                new InMemorySessionRepository(db),
                revocations,
                audit,
                db,
                attempts,
                hasher,
                tokens.accessTokens(),
                tokens.refreshTokens(),
                oneTimeTokens,
                outbox,
                securityLog);
        useCases = UseCaseFactory.create(
                ports,
                new PasswordPolicy(Set.of("password123")),
                SessionPolicy.DEFAULT,
                throttlePolicy,
                new RecoveryPolicy(
                        RecoveryPolicy.DEFAULT_RESET_TOKEN_TTL,
                        RecoveryPolicy.DEFAULT_VERIFY_TOKEN_TTL,
                        URI.create("https://app.example.com"),
                        requireVerifiedEmail),
                Duration.ZERO,
                clock);
    }
}
