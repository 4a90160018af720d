package io.gaara.adapters.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before Javalin sees the request (headers over the limit, an undecodable URI, a
 * malformed request line, 503 while draining) with the same problem+json as {@link ProblemMapper}, instead of Jetty's
 * HTML page. Never a stack trace, a cause or a version.
 *
 * <p>Every such answer closes the connection and says so with {@code Connection: close}: after a request it could not
 * read, Jetty does not keep the connection (what follows on it could be the rest of the bad request), and without the
 * header a keep-alive client sends its next request on a connection that is already gone and gets no answer.
 */
final class JettyProblemErrorHandler extends ErrorHandler {
    /** The method Jetty gives the stand-in request when it could not parse the real one. */
    private static final String UNPARSED_METHOD = "BAD";

    private final ProblemMapper problems;
    private final Optional<String> hsts;

    JettyProblemErrorHandler(ProblemMapper problems, Optional<String> hsts) {
        this.problems = problems;
        this.hsts = hsts;
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
        setShowOrigin(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        // Jetty's default writes no body for DELETE, PUT, ...: every answer here is a problem document
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        ProblemKind kind = ProblemMapper.kindOf(code);
        String method = request.getMethod();
        // the path of a request Jetty could not read is its own placeholder, or text it refused to decode
        String instance = UNPARSED_METHOD.equals(method) || kind == ProblemKind.MALFORMED_REQUEST
                ? null
                : request.getHttpURI().getPath();
        byte[] body = problems.render(kind, ProblemMapper.frameworkDetail(kind, method), instance)
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(kind.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.PROBLEM_JSON);
        ResponseHeaders.apply(response.getHeaders()::put, hsts);
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        if (kind == ProblemKind.UNAVAILABLE) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, ProblemMapper.RETRY_AFTER_SECONDS);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
