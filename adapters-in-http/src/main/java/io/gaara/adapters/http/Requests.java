package io.gaara.adapters.http;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.in.AuthenticateCommand;
import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.domain.ClientInfo;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Reading the caller out of a request: client address, user agent, bearer token. */
final class Requests {
    /** The request attribute holding the client's address, set once per request by {@link HttpApi}. */
    static final String CLIENT_IP = "gaara.client-ip";
    /** How long after the handler returns its answer may go out (see {@link #holdAnswer}). */
    static final String HOLD_ANSWER = "gaara.hold-answer";

    private Requests() {}

    static ClientInfo client(Context ctx) {
        String ip = ctx.attribute(CLIENT_IP);
        return new ClientInfo(ip != null ? ip : ctx.req().getRemoteAddr(), ctx.userAgent());
    }

    /** Every line of a header joined as one comma-separated list (RFC 9110 §5.3), or null when absent. */
    static String joined(Context ctx, String name) {
        List<String> lines = Collections.list(ctx.req().getHeaders(name));
        return lines.isEmpty() ? null : String.join(",", lines);
    }

    /** The caller of a protected route; an absent or bad token is a 401 with a Bearer challenge. */
    static Principal principal(Context ctx, AuthenticateUseCase authenticate) {
        if (Collections.list(ctx.req().getHeaders("Authorization")).size() > 1) {
            // which one did the client mean? a proxy and a client may each have added one
            throw new BadRequestException(ProblemKind.MALFORMED_REQUEST, "Send one Authorization header, not several.");
        }
        String header = ctx.header("Authorization");
        if (header == null
                || header.length() < 7
                || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw new InvalidAccessTokenException("A bearer access token is required.");
        }
        return authenticate.authenticate(
                new AuthenticateCommand(header.substring(7).strip(), client(ctx)));
    }

    /**
     * A handler in the hashing lane that has set its response asks for it to go out only {@code delay} from now (its
     * answer time must not tell which addresses have accounts); the lane's route holds it on a timer, not a thread.
     */
    static void holdAnswer(Context ctx, Duration delay) {
        ctx.attribute(HOLD_ANSWER, delay);
    }

    /** What {@link #holdAnswer} asked for; zero when nothing was. */
    static Duration heldFor(Context ctx) {
        Duration delay = ctx.attribute(HOLD_ANSWER);
        return delay == null ? Duration.ZERO : delay;
    }
}
