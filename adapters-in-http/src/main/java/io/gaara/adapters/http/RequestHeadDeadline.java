package io.gaara.adapters.http;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection whose client began a request head and has not finished it within the deadline, as Go's
 * {@code ReadHeaderTimeout} does: Jetty's idle timeout alone lets a client that sends one header byte every few seconds
 * (Slowloris) hold a connection slot for ever, and enough of them fill the connection limit. Jetty has no such setting,
 * so a sweep looks at every open connection a few times a second; a head counts from the first sweep that saw it begun,
 * so the deadline is kept to within one sweep interval. Bodies are covered by Jetty's minimum request data rate.
 *
 * <p>Reads the state of Jetty's HTTP/1.1 parser through {@code HttpConnection}, an internal class of Jetty 12: a Jetty
 * upgrade that moves it fails {@code HttpHardeningTest}'s slow-head test rather than silently losing the deadline.
 */
final class RequestHeadDeadline extends AbstractLifeCycle {
    private static final Logger log = LoggerFactory.getLogger(RequestHeadDeadline.class);

    private final Connector connector;
    private final long deadlineNanos;
    private final long sweepMillis;
    private final Map<EndPoint, Long> headsBegun = new ConcurrentHashMap<>();
    private ScheduledExecutorService sweeper;

    RequestHeadDeadline(Connector connector, Duration deadline) {
        this.connector = connector;
        this.deadlineNanos = deadline.toNanos();
        this.sweepMillis = Math.max(50, Math.min(1000, deadline.toMillis() / 4));
    }

    @Override
    protected void doStart() {
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gaara-request-head-deadline");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweepSafely, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        sweeper.shutdownNow();
        headsBegun.clear();
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // one bad sweep must not end the sweeps that follow
            log.warn("request head deadline sweep failed: {}", e.toString());
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        Set<EndPoint> open = new HashSet<>(connector.getConnectedEndPoints());
        headsBegun.keySet().retainAll(open);
        for (EndPoint endPoint : open) {
            Connection connection = endPoint.getConnection();
            if (!(connection instanceof HttpConnection http) || !readingHead(http.getParser())) {
                headsBegun.remove(endPoint);
                continue;
            }
            long begun = headsBegun.computeIfAbsent(endPoint, ignored -> now);
            if (now - begun >= deadlineNanos) {
                headsBegun.remove(endPoint);
                log.debug("closing a connection: request head not complete in {} ms", deadlineNanos / 1_000_000);
                endPoint.close();
            }
        }
    }

    /** Between the first byte of a request line and the end of its headers. */
    private static boolean readingHead(HttpParser parser) {
        HttpParser.State state = parser.getState();
        return state.ordinal() > HttpParser.State.START.ordinal()
                && state.ordinal() <= HttpParser.State.HEADER.ordinal();
    }
}
