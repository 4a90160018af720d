package io.gaara.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.adapters.crypto.HmacKeyRing;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several instances refresh their secrets caches at different moments, so right after a key
 * rotation one instance may sign with a kid another has not seen yet. When a token fails only
 * because its kid is unknown here, the key ring's secret is re-read at once (at most once every
 * few seconds, so forged kids cannot hammer the backend) and the token checked again: a rotation
 * logs nobody out on any instance.
 */
final class KidAwareTokens {
    private static final Logger log = LoggerFactory.getLogger(KidAwareTokens.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

    private KidAwareTokens() {
    }

    /** Re-reads one secret when a token names a kid its ring does not hold; rate-limited. */
    static final class Refresher {
        private final String secretName;
        private final Supplier<HmacKeyRing> ring;
        private final Consumer<String> refreshNow;
        private final AtomicLong lastAttemptNanos = new AtomicLong(System.nanoTime() - MIN_INTERVAL.toNanos());

        Refresher(String secretName, Supplier<HmacKeyRing> ring, Consumer<String> refreshNow) {
            this.secretName = secretName;
            this.ring = ring;
            this.refreshNow = refreshNow;
        }

        /** True when the token's kid was unknown and a refresh made it known. */
        boolean learnedKidOf(String token) {
            String kid = kid(token);
            if (kid == null || ring.get().acceptedKids().contains(kid)) {
                return false;
            }
            long now = System.nanoTime();
            long last = lastAttemptNanos.get();
            if (now - last < MIN_INTERVAL.toNanos() || !lastAttemptNanos.compareAndSet(last, now)) {
                return false;
            }
            try {
                refreshNow.accept(secretName);
            } catch (RuntimeException e) {
                log.warn("could not re-read {} for an unknown kid ({})", secretName, e.getClass().getSimpleName());
                return false;
            }
            boolean known = ring.get().acceptedKids().contains(kid);
            if (known) {
                log.info("{}: learned a new key version from another instance's token; re-read the secret early", secretName);
            }
            return known;
        }
    }

    static AccessTokens access(AccessTokens delegate, Refresher refresher) {
        return new AccessTokens() {
            @Override
            public IssuedToken issue(UserId userId, SessionId sessionId) {
                return delegate.issue(userId, sessionId);
            }

            @Override
            public AccessTokenClaims verify(String token) {
                try {
                    return delegate.verify(token);
                } catch (InvalidAccessTokenException e) {
                    if (refresher.learnedKidOf(token)) {
                        return delegate.verify(token);
                    }
                    throw e;
                }
            }
        };
    }

    static RefreshTokens refresh(RefreshTokens delegate, Refresher refresher) {
        return new RefreshTokens() {
            @Override
            public IssuedToken issue(RefreshTokenClaims claims) {
                return delegate.issue(claims);
            }

            @Override
            public RefreshTokenClaims verify(String token) {
                try {
                    return delegate.verify(token);
                } catch (InvalidRefreshTokenException e) {
                    if (refresher.learnedKidOf(token)) {
                        return delegate.verify(token);
                    }
                    throw e;
                }
            }
        };
    }

    /** The {@code kid} of a compact JWS header, or null when there is none to read. */
    static String kid(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0 || dot > 512) {
            return null;
        }
        try {
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(0, dot)));
            JsonNode kid = header == null ? null : header.get("kid");
            return kid != null && kid.isTextual() && kid.textValue().length() <= 200 ? kid.textValue() : null;
        } catch (Exception e) {
            return null;
        }
    }
}
