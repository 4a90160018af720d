package io.gaara.adapters.http;

import io.gaara.adapters.http.Dtos.SessionResponse;
import io.gaara.adapters.http.Dtos.SessionsResponse;
import io.gaara.application.SessionNotFoundException;
import io.gaara.application.port.in.EndSessionCommand;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.UseCases;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.SessionId;
import io.javalin.http.Context;

/** A user's view of their own sessions: list them, end one. */
final class SessionHandlers {
    private final UseCases useCases;

    SessionHandlers(UseCases useCases) {
        this.useCases = useCases;
    }

    void list(Context ctx) {
        Principal principal = Requests.principal(ctx, useCases.authenticate());
        ctx.json(new SessionsResponse(useCases.listSessions().listSessions(principal).stream()
                .map(SessionResponse::of)
                .toList()));
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
