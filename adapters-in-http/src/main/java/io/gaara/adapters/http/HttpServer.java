package io.gaara.adapters.http;

import io.javalin.Javalin;
import io.javalin.util.JavalinException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running API: start, the port it took, stop (draining requests in flight). */
public final class HttpServer {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin app;
    private final Duration drainTimeout;
    private final HashingLane hashing;

    HttpServer(Javalin app, Duration drainTimeout, HashingLane hashing) {
        this.app = app;
        this.drainTimeout = drainTimeout;
        this.hashing = hashing;
    }

    public HttpServer start() {
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    /**
     * Stops accepting connections, waits up to the drain timeout for the requests in flight to be answered (new
     * requests on open connections get 503), then closes every connection. Returns once the server is down, so what the
     * requests used can be closed safely afterwards.
     */
    public void stop() {
        try {
            app.stop();
        } catch (JavalinException e) {
            // the drain timed out: the stragglers were cut off, and the server is stopped all the same
            log.warn(
                    "HTTP server did not drain within {} s: {}",
                    drainTimeout.toSeconds(),
                    String.valueOf(e.getCause()));
        } finally {
            hashing.close();
        }
    }

    /** Login and register requests turned away with 503 because the hashing lane was full or too slow. */
    public long hashingRejections() {
        return hashing.rejected();
    }
}
