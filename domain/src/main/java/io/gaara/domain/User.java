package io.gaara.domain;

import java.time.Instant;
import java.util.Objects;

/** A registered account. */
public record User(UserId id, Email email, PasswordHash passwordHash, Instant createdAt) {
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public User withPasswordHash(PasswordHash newHash) {
        return new User(id, email, newHash, createdAt);
    }
}
