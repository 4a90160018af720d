package io.gaara.application.port.in;

import io.gaara.domain.InvalidValueException;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of the caller's live sessions: at most {@code limit}, from the {@code cursor} a previous page gave
 * ({@link SessionPage#nextCursor()}), or from the newest when there is none.
 */
public record ListSessionsQuery(Principal principal, int limit, Optional<String> cursor) {
    public static final int DEFAULT_LIMIT = 50;
    /** As many as the default cap on live sessions: with the defaults, one page holds them all. */
    public static final int MAX_LIMIT = 100;

    public ListSessionsQuery {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidValueException("limit must be a whole number between 1 and " + MAX_LIMIT + ".");
        }
    }

    /** The first page, of the default size. */
    public static ListSessionsQuery firstPage(Principal principal) {
        return new ListSessionsQuery(principal, DEFAULT_LIMIT, Optional.empty());
    }
}
