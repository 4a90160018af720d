package io.gaara.adapters.crypto.jwt;

import io.gaara.application.ExpiredAccessTokenException;
import io.gaara.application.InvalidAccessTokenException;
import io.gaara.application.port.out.crypto.AccessTokenClaims;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.domain.SessionId;
import io.gaara.domain.UserId;
import io.jsonwebtoken.ExpiredJwtException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access tokens as HS256 JWTs typed {@code at+jwt} (RFC 9068), so every request is authenticated by a signature check
 * instead of a database read.
 */
public final class JjwtAccessTokens implements AccessTokens {
    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(15);
    static final String TYPE = "at+jwt";
    private static final Logger LOG = LoggerFactory.getLogger(JjwtAccessTokens.class);

    private final HmacJwts jwts;
    private final Duration lifetime;

    /**
     * @param keys read on every issue and verify, so handing over a new ring (e.g. {@code AtomicReference::get})
     *     rotates keys without a restart
     */
    public JjwtAccessTokens(HmacKeyRingSource keys, JwtSettings settings, Duration lifetime, Clock clock) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("access token lifetime must be at least one second");
        }
        this.lifetime = lifetime;
        this.jwts = new HmacJwts(keys, settings, clock, TYPE);
    }

    /** Fixed keys and the default 15-minute lifetime. */
    public JjwtAccessTokens(HmacKeyRing keys, JwtSettings settings, Clock clock) {
        this(constant(keys), settings, DEFAULT_LIFETIME, clock);
    }

    @Override
    public IssuedToken issue(UserId userId, SessionId sessionId, boolean emailVerified) {
        Instant now = jwts.now();
        Instant expiresAt = now.plus(lifetime);
        return new IssuedToken(
                jwts.sign(userId, sessionId, UUID.randomUUID().toString(), now, expiresAt, emailVerified), expiresAt);
    }

    @Override
    public AccessTokenClaims verify(String token) {
        try {
            HmacJwts.Verified v = jwts.verify(token);
            return new AccessTokenClaims(v.userId(), v.sessionId(), v.tokenId(), v.expiresAt(), v.emailVerified());
        } catch (ExpiredJwtException e) {
            // jjwt checks the expiry only once the signature and the algorithm have passed: genuine, merely expired
            throw new ExpiredAccessTokenException("The access token is invalid or expired.");
        } catch (RuntimeException e) {
            // The class is enough to tell an expiry from a forgery; messages may quote claims.
            LOG.debug("access token refused: {}", e.getClass().getSimpleName());
            throw new InvalidAccessTokenException("The access token is invalid or expired.");
        }
    }

    static HmacKeyRingSource constant(HmacKeyRing keys) {
        Objects.requireNonNull(keys, "keys");
        return () -> keys;
    }
}
