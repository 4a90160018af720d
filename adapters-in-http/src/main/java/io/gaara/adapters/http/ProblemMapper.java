package io.gaara.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.SessionNotFoundException;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.WeakPasswordException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP answers (RFC 9457). Known errors carry messages written
 * to be shown; anything else is logged here with its stack trace and reaches the client as a bare
 * 500 with no detail.
 */
final class ProblemMapper {
    static final String PROBLEM_JSON = "application/problem+json";
    /** RFC 6750 §3; sent on every 401 of a protected route, as the API contract promises. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"gaara\", error=\"invalid_token\"";
    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    private final ObjectMapper mapper;

    ProblemMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void handle(Exception e, Context ctx) {
        if (e instanceof BadRequestException bad) {
            write(ctx, bad.kind(), bad.getMessage());
        } else if (e instanceof WeakPasswordException weak) {
            write(ctx, ProblemKind.WEAK_PASSWORD, weak.getMessage());
        } else if (e instanceof InvalidValueException invalid) {
            write(ctx, ProblemKind.INVALID_VALUE, invalid.getMessage());
        } else if (e instanceof InvalidCredentialsException) {
            write(ctx, ProblemKind.INVALID_CREDENTIALS, e.getMessage());
        } else if (e instanceof InvalidAccessTokenException) {
            ctx.header("WWW-Authenticate", BEARER_CHALLENGE);
            write(ctx, ProblemKind.INVALID_TOKEN, e.getMessage());
        } else if (e instanceof InvalidRefreshTokenException) {
            write(ctx, ProblemKind.INVALID_REFRESH_TOKEN, e.getMessage());
        } else if (e instanceof EmailAlreadyRegisteredException) {
            write(ctx, ProblemKind.EMAIL_TAKEN, e.getMessage());
        } else if (e instanceof SessionNotFoundException) {
            write(ctx, ProblemKind.NOT_FOUND, e.getMessage());
        } else if (e instanceof HttpResponseException http) {
            handleFramework(http.getStatus(), ctx);
        } else {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, ProblemKind.INTERNAL, "The server could not complete the request.");
        }
    }

    /** Statuses that Javalin/Jetty decide before a handler runs (no route, body too large, ...). */
    void handleFramework(int status, Context ctx) {
        switch (status) {
            case 400 -> write(ctx, ProblemKind.MALFORMED_REQUEST, "The request could not be read.");
            case 404 -> write(ctx, ProblemKind.NOT_FOUND, "No resource at this path.");
            case 405 -> write(ctx, ProblemKind.METHOD_NOT_ALLOWED, "This path does not accept " + ctx.method() + ".");
            case 413 -> write(ctx, ProblemKind.PAYLOAD_TOO_LARGE, "The request body exceeds the limit.");
            case 415 -> write(ctx, ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
            case 503 -> write(ctx, ProblemKind.UNAVAILABLE, "The server cannot take this request now.");
            default -> {
                if (status >= 500) {
                    write(ctx, ProblemKind.INTERNAL, "The server could not complete the request.");
                } else {
                    write(ctx, ProblemKind.MALFORMED_REQUEST, "The request could not be served.");
                }
            }
        }
    }

    private void write(Context ctx, ProblemKind kind, String detail) {
        Problem problem = Problem.of(kind, detail, ctx.path());
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException impossible) {
            body = "{\"type\":\"" + Problem.TYPE_PREFIX + "internal-error\",\"status\":500}";
        }
        ctx.status(kind.status()).contentType(PROBLEM_JSON).result(body);
    }
}
