package io.gaara.application.port.out.crypto;

import java.time.Instant;
import java.util.Objects;

/** A freshly signed token and its expiry. Redacted in {@code toString}. */
public record IssuedToken(String value, Instant expiresAt) {
    public IssuedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "IssuedToken[redacted, expiresAt=" + expiresAt + "]";
    }
}
