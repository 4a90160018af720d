package io.gaara.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How account recovery and the proof of an address behave: how long the links in emails work, where they point (the
 * product's front end, which calls Gaara's API with the token it finds in the link's fragment), and whether an address
 * must be proven before its account may sign in.
 *
 * @param resetTokenTtl how long a password-reset link works (default 30 minutes; 5 minutes to 24 hours)
 * @param verifyTokenTtl how long a link that proves an address works, on registration and on an email change (default
 *     24 hours; 5 minutes to 7 days)
 * @param publicUrl the front end's base URL; links are {@code <publicUrl>/reset-password#token=<token>}
 * @param requireVerifiedEmail whether an account signs in only once its address is proven; registration then answers
 *     alike for a taken and a free address
 */
public record RecoveryPolicy(
        Duration resetTokenTtl, Duration verifyTokenTtl, URI publicUrl, boolean requireVerifiedEmail) {
    public static final Duration DEFAULT_RESET_TOKEN_TTL = Duration.ofMinutes(30);
    public static final Duration DEFAULT_VERIFY_TOKEN_TTL = Duration.ofHours(24);

    public RecoveryPolicy {
        Objects.requireNonNull(resetTokenTtl, "resetTokenTtl");
        Objects.requireNonNull(verifyTokenTtl, "verifyTokenTtl");
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (resetTokenTtl.compareTo(Duration.ofMinutes(5)) < 0 || resetTokenTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("a reset link must work between 5 minutes and 24 hours");
        }
        if (verifyTokenTtl.compareTo(Duration.ofMinutes(5)) < 0 || verifyTokenTtl.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("a verification link must work between 5 minutes and 7 days");
        }
        String scheme = publicUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || publicUrl.getHost() == null) {
            throw new IllegalArgumentException("the public URL must be an http(s) URL such as https://app.example.com");
        }
        if (publicUrl.getRawFragment() != null || publicUrl.getRawQuery() != null) {
            throw new IllegalArgumentException("the public URL must have no query and no fragment");
        }
    }

    /** Default verification lifetime; addresses need not be verified to sign in. */
    public RecoveryPolicy(Duration resetTokenTtl, URI publicUrl) {
        this(resetTokenTtl, DEFAULT_VERIFY_TOKEN_TTL, publicUrl, false);
    }

    /** A link into the front end: {@code <publicUrl>/<page>#token=<token>}; the fragment never reaches a server log. */
    public String link(String page, String token) {
        String base = publicUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/" + page + "#token=" + token;
    }
}
