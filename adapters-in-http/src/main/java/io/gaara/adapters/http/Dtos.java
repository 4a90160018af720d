package io.gaara.adapters.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gaara.application.port.in.SessionView;
import io.gaara.application.port.in.TokenPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Response bodies; the JSON mapper writes their components in snake_case. */
final class Dtos {
    private Dtos() {}

    record RegisteredResponse(String id, String email, Instant createdAt) {}

    record TokenResponse(String accessToken, String refreshToken, String tokenType, long expiresIn) {
        static TokenResponse of(TokenPair pair) {
            return new TokenResponse(
                    pair.accessToken(),
                    pair.refreshToken(),
                    "Bearer",
                    // whole seconds rounded up: the token's exp is whole seconds, so a lifetime of 899.6 s is the
                    // 900 s the token was issued for, read a moment later
                    (pair.accessTokenLifetime().toMillis() + 999) / 1000);
        }

        @Override
        public String toString() {
            return "TokenResponse[redacted]";
        }
    }

    record MeResponse(String id, String email, boolean emailVerified, Instant createdAt) {}

    /** What a verification link proved: the address, now the account's and verified. */
    record VerifiedResponse(String email, boolean emailVerified) {}

    record SessionResponse(
            String id,
            Instant createdAt,
            Instant lastUsedAt,
            Instant expiresAt,
            String ip,
            String userAgent,
            boolean current) {
        static SessionResponse of(SessionView view) {
            return new SessionResponse(
                    view.id().toString(),
                    view.createdAt(),
                    view.lastUsedAt(),
                    view.expiresAt(),
                    view.ip(),
                    view.userAgent(),
                    view.current());
        }
    }

    /** {@code next_cursor}: present while there is a next page, to be sent back as {@code ?cursor=}. */
    record SessionsResponse(
            List<SessionResponse> sessions,
            @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}

    /** {@code 202}: the request was taken; what follows happens by email. */
    record AcceptedResponse(String message) {}

    /**
     * {@code breakers}: the state of each dependency's circuit breaker, by dependency; {@code details}: a word more on
     * a dependency's state where it has one (the Vault token's: {@code token-valid}, {@code login-failing}, ...). Both
     * left out of liveness.
     */
    record HealthResponse(
            String status,
            Map<String, String> checks,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> breakers,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> details) {}
}
