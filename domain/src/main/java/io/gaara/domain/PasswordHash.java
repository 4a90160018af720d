package io.gaara.domain;

/** A stored password hash in its self-describing text form (PHC string, {@code $2b$...}, {@code pbkdf2:...}). */
public record PasswordHash(String value) {
    public PasswordHash {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("password hash is required");
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[redacted]";
    }
}
