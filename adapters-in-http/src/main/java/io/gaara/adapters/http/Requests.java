package io.gaara.adapters.http;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.domain.ClientInfo;
import io.javalin.http.Context;
import java.util.Locale;

/** Reading the caller out of a request: client address, user agent, bearer token. */
final class Requests {
    private Requests() {}

    static ClientInfo client(Context ctx) {
        return new ClientInfo(ctx.ip(), ctx.userAgent());
    }

    /** The caller of a protected route; an absent or bad token is a 401 with a Bearer challenge. */
    static Principal principal(Context ctx, AuthenticateUseCase authenticate) {
        String header = ctx.header("Authorization");
        if (header == null
                || header.length() < 7
                || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new InvalidAccessTokenException("A bearer access token is required.");
        }
        return authenticate.authenticate(header.substring(7).strip());
    }
}
