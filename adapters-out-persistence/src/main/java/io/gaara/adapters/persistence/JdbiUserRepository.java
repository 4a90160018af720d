package io.gaara.adapters.persistence;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.Email;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The unique index on {@code users.email} is what makes two concurrent registrations of one email fail one of them.
 * Every method turns an unreachable database into {@code TemporarilyUnavailableException}.
 */
final class JdbiUserRepository implements UserRepository {
    private static final String COLUMNS = "id, email, password_hash, created_at";
    /**
     * How long {@link #findById} may answer from memory. {@code GET /me} calls it on every request, and the round trip
     * to PostgreSQL was most of that request's cost (docs/PERFORMANCE.md). A user row never changes except its password
     * hash, which /me never shows; so the only staleness possible is a hash up to this old when another instance (or a
     * transaction still open here) changed it, and nothing checks a password against findById: login looks users up by
     * email, uncached. Short, so that a row removed by hand stops being served soon after.
     */
    static final Duration BY_ID_TTL = Duration.ofSeconds(30);
    /** Bounded: ~10,000 users × a few hundred bytes is a few MB at most. */
    static final int BY_ID_MAX_ENTRIES = 10_000;

    private final OutageTranslatingJdbi jdbi;
    private final Cache<UserId, User> byId;

    JdbiUserRepository(Jdbi jdbi) {
        this(jdbi, Ticker.systemTicker());
    }

    JdbiUserRepository(Jdbi jdbi, Ticker ticker) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
        this.byId = Caffeine.newBuilder()
                .maximumSize(BY_ID_MAX_ENTRIES)
                .expireAfterWrite(BY_ID_TTL)
                .ticker(ticker)
                .build();
    }

    @Override
    public void add(User user) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO users (id, email, password_hash, created_at, updated_at)
                            VALUES (:id, :email, :hash, :createdAt, :createdAt)""")
                    .bind("id", user.id())
                    .bind("email", user.email().value())
                    .bind("hash", user.passwordHash().value())
                    .bind("createdAt", user.createdAt())
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            if (SqlErrors.isUniqueViolation(e, "users_email_key")) {
                // no cause attached: PostgreSQL's message would name the email
                throw new EmailAlreadyRegisteredException("An account with this email already exists.");
            }
            if (SqlErrors.isCheckViolation(e, "users_email_normalized")) {
                // PostgreSQL lower-cases it differently from this JVM (their Unicode tables differ: U+2C2F, say):
                // the address could never be looked up reliably, so it is refused as a value, not a server error
                throw new InvalidValueException("email contains characters whose lower case is not settled");
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
                .bind("email", email.value())
                .mapTo(User.class)
                .findOne());
    }

    @Override
    public Optional<User> findById(UserId id) {
        User cached = byId.getIfPresent(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        return jdbi.withHandle(h -> {
            Optional<User> found = h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                    .bind("id", id)
                    .mapTo(User.class)
                    .findOne();
            // inside a transaction the row may be uncommitted and roll back; an absent user is not
            // remembered either, so a user added a moment later is found at once
            if (found.isPresent() && !h.isInTransaction()) {
                byId.put(id, found.get());
            }
            return found;
        });
    }

    @Override
    public void updatePasswordHash(UserId id, PasswordHash hash) {
        byId.invalidate(id);
        jdbi.useHandle(h -> h.createUpdate("UPDATE users SET password_hash = :hash, updated_at = now() WHERE id = :id")
                .bind("id", id)
                .bind("hash", hash.value())
                .execute());
        byId.invalidate(id);
    }
}
