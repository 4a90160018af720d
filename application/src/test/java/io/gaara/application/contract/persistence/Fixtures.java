package io.gaara.application.contract.persistence;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Values for the contract tests; instants are whole microseconds, as a database keeps them. */
final class Fixtures {
    static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");
    static final SessionPolicy POLICY = new SessionPolicy(Duration.ofHours(1), Duration.ofDays(1));
    static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "Mozilla/5.0 (contract test)");

    private Fixtures() {}

    static User user() {
        return user("user-" + UUID.randomUUID() + "@example.com");
    }

    static User user(String email) {
        return new User(
                UserId.random(),
                new Email(email),
                new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
                NOW);
    }

    static Session session(UserId userId, Instant startedAt) {
        return Session.start(SessionId.random(), userId, TokenId.random(), startedAt, POLICY, CLIENT);
    }
}
