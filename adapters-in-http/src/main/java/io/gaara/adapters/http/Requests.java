package io.gaara.adapters.http;

import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.in.AuthenticateCommand;
import io.gaara.application.port.in.AuthenticateUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.domain.ClientInfo;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    /** The most bytes a request body may have (set for every request before routing). */
    static final String BODY_LIMIT = "gaara.body-limit";

    private static final String BODY = "gaara.body";

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

    /**
     * The request body, read once, at most {@link #BODY_LIMIT} bytes: a longer one is a 413 before more of it is read.
     * Javalin's own {@code ctx.bodyAsBytes()} does the same but logs a WARN line for each, which a client can repeat at
     * will; this logs nothing.
     */
    static byte[] body(Context ctx) {
        byte[] cached = ctx.attribute(BODY);
        if (cached != null) {
            return cached;
        }
        Integer limit = ctx.attribute(BODY_LIMIT);
        int max = limit == null ? HttpSettings.DEFAULT_MAX_REQUEST_BYTES : limit;
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > max) {
            throw new BadRequestException(ProblemKind.PAYLOAD_TOO_LARGE, "The request body exceeds the limit.");
        }
        ctx.attribute(BODY, bytes);
        return bytes;
    }
}
