package io.gaara.adapters.crypto.jwt;

import java.time.Duration;
import java.util.Objects;

/** Who issues our tokens, who they are for, and how much clock drift between servers we forgive (RFC 8725 §3.8–3.9). */
public record JwtSettings(String issuer, String audience, Duration clockSkew) {
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);

    public JwtSettings {
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("issuer is required");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("audience is required");
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new IllegalArgumentException(
                    "clock skew must be between 0 and " + MAX_CLOCK_SKEW.toSeconds() + " seconds");
        }
        if (clockSkew.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("clock skew must be whole seconds");
        }
    }

    /** The maximum skew, 30 seconds. */
    public static JwtSettings of(String issuer, String audience) {
        return new JwtSettings(issuer, audience, MAX_CLOCK_SKEW);
    }
}
