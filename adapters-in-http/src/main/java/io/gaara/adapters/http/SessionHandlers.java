package io.gaara.adapters.http;

import io.gaara.adapters.http.Dtos.SessionResponse;
import io.gaara.adapters.http.Dtos.SessionsResponse;
import io.gaara.application.SessionNotFoundException;
import io.gaara.application.port.in.EndSessionCommand;
import io.gaara.application.port.in.ListSessionsQuery;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.SessionPage;
import io.gaara.application.port.in.UseCases;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.SessionId;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;

/** A user's view of their own sessions: list them, end one. */
final class SessionHandlers {
    private final UseCases useCases;

    SessionHandlers(UseCases useCases) {
        this.useCases = useCases;
    }

    /** {@code ?limit=} (1 to 100, 50 by default) and {@code ?cursor=} (a page's {@code next_cursor}). */
    void list(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        SessionPage page = useCases.listSessions()
                .listSessions(new ListSessionsQuery(principal, limit(ctx), single(ctx, "cursor")));
        ctx.json(new SessionsResponse(
                page.sessions().stream().map(SessionResponse::of).toList(),
                page.nextCursor().orElse(null)));
    }

    private static int limit(Context ctx) {
        Optional<String> text = single(ctx, "limit");
        if (text.isEmpty()) {
            return ListSessionsQuery.DEFAULT_LIMIT;
        }
        // digits only: no sign, no spaces, no "1e2"; the length keeps Integer.parseInt from overflowing
        if (!text.get().matches("[0-9]{1,4}")) {
            throw new InvalidValueException(
                    "limit must be a whole number between 1 and " + ListSessionsQuery.MAX_LIMIT + ".");
        }
        return Integer.parseInt(text.get());
    }

    /** A query parameter given at most once: twice is ambiguous, and refused rather than guessed. */
    private static Optional<String> single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) {
            throw new InvalidValueException(name + " must be given at most once.");
        }
        return values.stream().findFirst();
    }

    void end(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        SessionId id;
        try {
            id = SessionId.parse(ctx.pathParam("id"));
        } catch (InvalidValueException e) {
            // an id that cannot exist is just another session the caller does not have
            throw new SessionNotFoundException("No such session.");
        }
        useCases.endSession().endSession(new EndSessionCommand(principal, id, Requests.client(ctx)));
        ctx.status(204);
    }
}
