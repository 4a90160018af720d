package io.gaara.domain;

import java.util.Objects;
import java.util.UUID;

/** Identity of one refresh token inside its family (the JWT {@code jti}). */
public record TokenId(UUID value) {
    public TokenId {
        Objects.requireNonNull(value, "token id");
    }

    public static TokenId random() {
        return new TokenId(UUID.randomUUID());
    }

    public static TokenId parse(String text) {
        return new TokenId(Ids.parseUuid(text, "token id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
