package io.gaara.domain;

import java.util.Objects;
import java.util.UUID;

/** Identity of a session, which is also the identity of its refresh-token family. */
public record SessionId(UUID value) {
    public SessionId {
        Objects.requireNonNull(value, "session id");
    }

    public static SessionId random() {
        return new SessionId(UUID.randomUUID());
    }

    public static SessionId parse(String text) {
        return new SessionId(Ids.parseUuid(text, "session id"));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
