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
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The unique index on {@code users.email} is what makes two concurrent registrations of one email fail one of them.
 * Every method turns an unreachable database into {@code TemporarilyUnavailableException}.
 */
final class JdbiUserRepository implements UserRepository {
    private static final String COLUMNS = "id, email, password_hash, created_at, email_verified_at";
    /**
     * How long {@link #findById} may answer from memory. {@code GET /me} calls it on every request, and the round trip
     * to PostgreSQL was most of that request's cost (docs/PERFORMANCE.md). What another instance changed shows here up
     * to this late: a password hash (nothing checks a password against findById: login looks users up by email,
     * uncached), an address verified (read as not yet verified: a token may say {@code email_verified: false} for this
     * long, never the reverse, since a verification is never undone), a new address (the old one shown for this long)
     * and a deletion (whose sessions are revoked on every instance within a second, so no token reaches this). This
     * instance's own changes drop the entry at once. Short, so that a row changed by hand is served soon after.
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
                            INSERT INTO users (id, email, password_hash, created_at, updated_at, email_verified_at)
                            VALUES (:id, :email, :hash, :createdAt, :createdAt, :verifiedAt)""")
                    .bind("id", user.id())
                    .bind("email", user.email().value())
                    .bind("hash", user.passwordHash().value())
                    .bind("createdAt", user.createdAt())
                    .bindByType("verifiedAt", user.emailVerifiedAt(), Instant.class)
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            throw translated(e);
        }
    }

    /** A taken or unsettled address, as the application names it; anything else as it came. */
    private static RuntimeException translated(UnableToExecuteStatementException e) {
        if (SqlErrors.isUniqueViolation(e, "users_email_key")) {
            // no cause attached: PostgreSQL's message would name the email
            return new EmailAlreadyRegisteredException("An account with this email already exists.");
        }
        if (SqlErrors.isCheckViolation(e, "users_email_normalized")) {
            // PostgreSQL lower-cases it differently from this JVM (their Unicode tables differ: U+2C2F, say):
            // the address could never be looked up reliably, so it is refused as a value, not a server error
            return new InvalidValueException("email contains characters whose lower case is not settled");
        }
        return e;
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
            Optional<User> found = select(h, id);
            // inside a transaction the row may be uncommitted and roll back; an absent user is not
            // remembered either, so a user added a moment later is found at once
            if (found.isPresent() && !h.isInTransaction()) {
                byId.put(id, found.get());
            }
            return found;
        });
    }

    @Override
    public Optional<User> findFresh(UserId id) {
        return jdbi.withHandle(h -> select(h, id));
    }

    private static Optional<User> select(Handle h, UserId id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id)
                .mapTo(User.class)
                .findOne();
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

    @Override
    public boolean markEmailVerified(UserId id, Email email, Instant at) {
        byId.invalidate(id);
        // an address already verified keeps its first time; the update still counts as done
        int rows = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE users SET email_verified_at = COALESCE(email_verified_at, :at), updated_at = now()
                         WHERE id = :id AND email = :email""")
                .bind("id", id)
                .bind("email", email.value())
                .bind("at", at)
                .execute());
        byId.invalidate(id);
        return rows == 1;
    }

    @Override
    public boolean changeEmail(UserId id, Email newEmail, Instant verifiedAt) {
        byId.invalidate(id);
        try {
            int rows = jdbi.withHandle(h -> h.createUpdate("""
                            UPDATE users SET email = :email, email_verified_at = :at, updated_at = now()
                             WHERE id = :id""")
                    .bind("id", id)
                    .bind("email", newEmail.value())
                    .bind("at", verifiedAt)
                    .execute());
            return rows == 1;
        } catch (UnableToExecuteStatementException e) {
            throw translated(e);
        } finally {
            byId.invalidate(id);
        }
    }

    @Override
    public boolean delete(UserId id) {
        byId.invalidate(id);
        int rows = jdbi.withHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id")
                .bind("id", id)
                .execute());
        byId.invalidate(id);
        return rows == 1;
    }
}
