package io.gaara.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.EmailNotVerifiedException;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidCredentialsException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.InvalidTokenException;
import io.gaara.application.SessionNotFoundException;
import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.WrongPasswordException;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.WeakPasswordException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.EOFException;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP answers (RFC 9457). Known errors carry messages written to be shown; anything
 * else is logged here with its stack trace and reaches the client as a bare 500 with no detail.
 */
final class ProblemMapper {
    static final String PROBLEM_JSON = "application/problem+json";
    /** RFC 6750 §3; sent on every 401 of a protected route, as the API contract promises. */
    static final String BEARER_CHALLENGE = "Bearer realm=\"gaara\", error=\"invalid_token\"";
    /** Seconds a client should wait before retrying a 503 (RFC 9110 §10.2.3): outages we answer are short or local. */
    static final String RETRY_AFTER_SECONDS = "1";

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
        } else if (e instanceof InvalidTokenException) {
            write(ctx, ProblemKind.INVALID_ONE_TIME_TOKEN, e.getMessage());
        } else if (e instanceof EmailNotVerifiedException) {
            write(ctx, ProblemKind.EMAIL_NOT_VERIFIED, e.getMessage());
        } else if (e instanceof WrongPasswordException) {
            write(ctx, ProblemKind.WRONG_PASSWORD, e.getMessage());
        } else if (e instanceof EmailAlreadyRegisteredException) {
            write(ctx, ProblemKind.EMAIL_TAKEN, e.getMessage());
        } else if (e instanceof SessionNotFoundException) {
            write(ctx, ProblemKind.NOT_FOUND, e.getMessage());
        } else if (e instanceof TooManyAttemptsException throttled) {
            // RFC 6585 §4: when to come back, in whole seconds rounded up; the body never says which limit was hit
            ctx.header("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            write(ctx, ProblemKind.TOO_MANY_ATTEMPTS, e.getMessage());
        } else if (e instanceof TemporarilyUnavailableException) {
            // the adapter that threw it has logged the cause; a client can do nothing but retry
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            write(ctx, ProblemKind.UNAVAILABLE, e.getMessage());
        } else if (e instanceof HttpResponseException http) {
            handleFramework(http.getStatus(), ctx);
        } else if (readFailure(e)) {
            // the client went away mid-body or sent a broken chunked body: its error, worth one quiet line at most
            log.debug(
                    "request body of {} {} could not be read: {}",
                    ctx.method(),
                    ctx.path(),
                    e.getClass().getSimpleName());
            if (timedOut(e)) {
                // Jetty's minimum body rate: a body trickling in would hold this request thread
                write(ctx, ProblemKind.REQUEST_TIMEOUT, frameworkDetail(ProblemKind.REQUEST_TIMEOUT, "POST"));
            } else {
                write(ctx, ProblemKind.MALFORMED_REQUEST, "The request body could not be read.");
            }
        } else {
            log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
            write(ctx, ProblemKind.INTERNAL, "The server could not complete the request.");
        }
    }

    /** A failure reading the request (early end of stream, bad chunk framing), anywhere in the cause chain. */
    private static boolean readFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Jetty's own request errors only: a socket error of the database or a provider is the server's fault,
            // never the client's, and stays a 500
            if (t instanceof EOFException || t instanceof HttpException) {
                return true;
            }
        }
        return false;
    }

    /** Jetty's 408: the request body arrived slower than the minimum data rate. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpException http && http.getCode() == 408) {
                return true;
            }
        }
        return false;
    }

    /** Statuses that Javalin/Jetty decide before a handler runs (no route, body too large, ...). */
    void handleFramework(int status, Context ctx) {
        ProblemKind kind = kindOf(status);
        if (kind == ProblemKind.UNAVAILABLE) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        write(ctx, kind, frameworkDetail(kind, ctx.method().name()));
    }

    /**
     * The kind for a status the framework or Jetty chose; statuses without a kind of their own fall back to 400 or 500.
     */
    static ProblemKind kindOf(int status) {
        return switch (status) {
            case 400 -> ProblemKind.MALFORMED_REQUEST;
            case 404 -> ProblemKind.NOT_FOUND;
            case 405 -> ProblemKind.METHOD_NOT_ALLOWED;
            case 408 -> ProblemKind.REQUEST_TIMEOUT;
            case 413 -> ProblemKind.PAYLOAD_TOO_LARGE;
            case 414 -> ProblemKind.URI_TOO_LONG;
            case 415 -> ProblemKind.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ProblemKind.HEADERS_TOO_LARGE;
            case 501 -> ProblemKind.NOT_IMPLEMENTED;
            case 503 -> ProblemKind.UNAVAILABLE;
            case 505 -> ProblemKind.HTTP_VERSION_NOT_SUPPORTED;
            default -> status >= 500 ? ProblemKind.INTERNAL : ProblemKind.MALFORMED_REQUEST;
        };
    }

    static String frameworkDetail(ProblemKind kind, String method) {
        return switch (kind) {
            case MALFORMED_REQUEST -> "The request could not be read.";
            case NOT_FOUND -> "No resource at this path.";
            case METHOD_NOT_ALLOWED -> "This path does not accept " + method + ".";
            case PAYLOAD_TOO_LARGE -> "The request body exceeds the limit.";
            case URI_TOO_LONG -> "The request URI exceeds the limit.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send the body as application/json.";
            case HEADERS_TOO_LARGE -> "The request headers exceed the limit.";
            case UNAVAILABLE -> "The server cannot take this request now.";
            case REQUEST_TIMEOUT -> "The request did not arrive in time.";
            case NOT_IMPLEMENTED -> "The request uses a feature this server does not implement.";
            case HTTP_VERSION_NOT_SUPPORTED -> "Use HTTP/1.1 or HTTP/1.0.";
            default -> "The server could not complete the request.";
        };
    }

    /** The problem as JSON text; rendering a record of strings cannot fail, but a fallback keeps the promise. */
    String render(ProblemKind kind, String detail, String instance) {
        try {
            return mapper.writeValueAsString(Problem.of(kind, detail, instance));
        } catch (JsonProcessingException impossible) {
            return "{\"type\":\"" + Problem.TYPE_PREFIX + "internal-error\",\"status\":500}";
        }
    }

    private void write(Context ctx, ProblemKind kind, String detail) {
        ctx.status(kind.status()).contentType(PROBLEM_JSON).result(render(kind, detail, ctx.path()));
    }
}
