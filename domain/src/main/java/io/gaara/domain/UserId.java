package io.gaara.domain;

import java.util.Objects;
import java.util.UUID;

/** Identity of a user; never reused. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "user id");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    public static UserId parse(String text) {
        return new UserId(Ids.parseUuid(text, "user id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
