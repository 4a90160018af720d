package io.gaara.domain;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How account recovery behaves: how long a reset link works, and where the links in emails point (the product's front
 * end, which calls Gaara's API with the token it finds in the link's fragment).
 *
 * @param resetTokenTtl how long a password-reset link works (default 30 minutes; 5 minutes to 24 hours)
 * @param publicUrl the front end's base URL; links are {@code <publicUrl>/reset-password#token=<token>}
 */
public record RecoveryPolicy(Duration resetTokenTtl, URI publicUrl) {
    public static final Duration DEFAULT_RESET_TOKEN_TTL = Duration.ofMinutes(30);

    public RecoveryPolicy {
        Objects.requireNonNull(resetTokenTtl, "resetTokenTtl");
        Objects.requireNonNull(publicUrl, "publicUrl");
        if (resetTokenTtl.compareTo(Duration.ofMinutes(5)) < 0 || resetTokenTtl.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("a reset link must work between 5 minutes and 24 hours");
        }
        String scheme = publicUrl.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || publicUrl.getHost() == null) {
            throw new IllegalArgumentException("the public URL must be an http(s) URL such as https://app.example.com");
        }
        if (publicUrl.getRawFragment() != null || publicUrl.getRawQuery() != null) {
            throw new IllegalArgumentException("the public URL must have no query and no fragment");
        }
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
