package io.gaara.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A registered account.
 *
 * @param emailVerifiedAt when the owner proved control of {@code email} (followed a link sent to it); null while not
 */
public record User(UserId id, Email email, PasswordHash passwordHash, Instant createdAt, Instant emailVerifiedAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new account, its address not yet proven. */
    public User(UserId id, Email email, PasswordHash passwordHash, Instant createdAt) {
        this(id, email, passwordHash, createdAt, null);
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }

    public User withPasswordHash(PasswordHash newHash) {
        return new User(id, email, newHash, createdAt, emailVerifiedAt);
    }
}
