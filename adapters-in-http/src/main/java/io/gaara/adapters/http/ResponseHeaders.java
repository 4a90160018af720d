package io.gaara.adapters.http;

import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The headers every answer carries, Javalin's and Jetty's own alike: an API whose answers are never cached by a shared
 * cache (tokens, personal data: RFC 6749 §5.1), never sniffed, rendered, framed, embedded cross-origin or followed from
 * with a referrer.
 */
final class ResponseHeaders {
    static final Map<String, String> EVERY_ANSWER = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Resource-Policy", "same-origin");

    private ResponseHeaders() {}

    static void apply(BiConsumer<String, String> put) {
        EVERY_ANSWER.forEach(put);
    }

    /** As {@link #apply(BiConsumer)}, plus {@code Strict-Transport-Security} where Gaara is served behind TLS. */
    static void apply(BiConsumer<String, String> put, Optional<String> hsts) {
        apply(put);
        hsts.ifPresent(value -> put.accept("Strict-Transport-Security", value));
    }
}
