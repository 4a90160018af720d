package io.gaara.adapters.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the API listens, how much it accepts (request size, open connections, the hashing lane of login and register),
 * how long a stop waits for requests in flight before it cuts them off, which proxies (IP addresses or CIDR blocks) may
 * say who the client is, and which browser origins may call it cross-origin (none by default: a bearer API needs no
 * CORS unless a browser front end on another origin calls it directly).
 */
public record HttpSettings(
        String host,
        int port,
        int maxRequestBytes,
        Duration drainTimeout,
        int maxConnections,
        HashingLaneSettings hashing,
        List<String> trustedProxies,
        List<String> corsOrigins,
        ConnectionTimeouts timeouts,
        Duration readinessCacheFor,
        Duration hstsMaxAge) {
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024;
    /** Under Kubernetes' default 30 s grace period, leaving time to close the database after the drain. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(20);
    /**
     * Open connections at most; past it the server stops accepting until some close, so a connection flood cannot
     * exhaust memory or file descriptors. Keep-alive clients hold one each: size it above the clients you expect.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /**
     * How long one {@code /health/ready} answer is reused: anonymous callers, however many, then cost the database and
     * the secrets backend one probe a second, and cannot compete with real requests for the pool.
     */
    public static final Duration DEFAULT_READINESS_CACHE = Duration.ofSeconds(1);

    /**
     * How long a connection may sit idle between requests ({@code idle}), how long a client may take to send a whole
     * request head once it began one ({@code head}: a slow-header client holds a connection slot, never a thread), and
     * the slowest a request body may arrive ({@code minBodyBytesPerSecond}: a body is read on a request thread, so a
     * trickle would hold one).
     */
    public record ConnectionTimeouts(Duration idle, Duration head, int minBodyBytesPerSecond) {
        public static final ConnectionTimeouts DEFAULT =
                new ConnectionTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(10), 1024);

        public ConnectionTimeouts {
            if (idle.compareTo(Duration.ofSeconds(1)) < 0 || head.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("HTTP idle and request-head timeouts must be at least 1 s");
            }
            if (head.compareTo(idle) > 0) {
                throw new IllegalArgumentException("the HTTP request-head timeout cannot exceed the idle timeout");
            }
            if (minBodyBytesPerSecond < 0) {
                throw new IllegalArgumentException("the minimum body rate cannot be negative");
            }
        }
    }

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("HTTP host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port must be between 0 and 65535");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("HTTP request limit must be at least 1024 bytes");
        }
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("HTTP drain timeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("HTTP connection limit must be positive");
        }
        Objects.requireNonNull(hashing, "hashing");
        trustedProxies = List.copyOf(trustedProxies);
        // refused here, at startup, with the offending entry named
        trustedProxies.forEach(ClientAddresses.Cidr::parse);
        corsOrigins = corsOrigins.stream().map(HttpSettings::origin).toList();
        Objects.requireNonNull(timeouts, "timeouts");
        if (readinessCacheFor.isNegative() || readinessCacheFor.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("the readiness cache must be between 0 s and 10 s");
        }
        if (hstsMaxAge.isNegative()) {
            throw new IllegalArgumentException("the HSTS max-age cannot be negative");
        }
    }

    /** With the default timeouts, readiness cache and no HSTS. */
    public HttpSettings(
            String host,
            int port,
            int maxRequestBytes,
            Duration drainTimeout,
            int maxConnections,
            HashingLaneSettings hashing,
            List<String> trustedProxies,
            List<String> corsOrigins) {
        this(
                host,
                port,
                maxRequestBytes,
                drainTimeout,
                maxConnections,
                hashing,
                trustedProxies,
                corsOrigins,
                ConnectionTimeouts.DEFAULT,
                DEFAULT_READINESS_CACHE,
                Duration.ZERO);
    }

    /** The {@code Strict-Transport-Security} value every answer carries, or empty (the default: not behind TLS). */
    public Optional<String> hsts() {
        return hstsMaxAge.isZero() ? Optional.empty() : Optional.of("max-age=" + hstsMaxAge.toSeconds());
    }

    /** No cross-origin callers. */
    public HttpSettings(
            String host,
            int port,
            int maxRequestBytes,
            Duration drainTimeout,
            int maxConnections,
            HashingLaneSettings hashing,
            List<String> trustedProxies) {
        this(host, port, maxRequestBytes, drainTimeout, maxConnections, hashing, trustedProxies, List.of());
    }

    /**
     * An origin as browsers send it ({@code https://app.example.com}, a port only when not the scheme's own): no path,
     * no wildcard, nothing a browser would never send, so a typo fails at startup rather than blocking every call.
     */
    static String origin(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not an origin such as https://app.example.com");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException("'" + text + "' is not an origin such as https://app.example.com "
                    + "(scheme and host, a port if needed, no path and no wildcard)");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    public HttpSettings(String host, int port, int maxRequestBytes) {
        this(
                host,
                port,
                maxRequestBytes,
                DEFAULT_DRAIN_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS,
                HashingLaneSettings.defaults(),
                List.of());
    }
}
