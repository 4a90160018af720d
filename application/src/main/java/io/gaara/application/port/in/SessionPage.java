package io.gaara.application.port.in;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of live sessions, newest first; {@code nextCursor} asks for the next page, and is empty on the last one. A
 * cursor is opaque: its text may change between versions of the server.
 */
public record SessionPage(List<SessionView> sessions, Optional<String> nextCursor) {
    public SessionPage {
        sessions = List.copyOf(sessions);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
