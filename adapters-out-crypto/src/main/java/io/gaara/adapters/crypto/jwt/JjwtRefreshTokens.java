package io.gaara.adapters.crypto.jwt;

import io.gaara.application.ExpiredRefreshTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.out.crypto.IssuedToken;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.domain.TokenId;
import io.jsonwebtoken.ExpiredJwtException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refresh tokens as HS256 JWTs typed {@code rt+jwt} under their own key ring, so a forged one costs a signature check
 * and never a database read, and an access token can never pass for one.
 */
public final class JjwtRefreshTokens implements RefreshTokens {
    static final String TYPE = "rt+jwt";
    private static final Logger LOG = LoggerFactory.getLogger(JjwtRefreshTokens.class);

    private final HmacJwts jwts;

    /**
     * @param keys a ring of its own (JWT_REFRESH_SECRET_KEY), never the access tokens'; read on every call, so a new
     *     ring takes effect without a restart
     */
    public JjwtRefreshTokens(HmacKeyRingSource keys, JwtSettings settings, Clock clock) {
        this.jwts = new HmacJwts(keys, settings, clock, TYPE);
    }

    public JjwtRefreshTokens(HmacKeyRing keys, JwtSettings settings, Clock clock) {
        this(JjwtAccessTokens.constant(keys), settings, clock);
    }

    /** The expiry is stored in whole seconds, as JWT carries it; the returned token says which. */
    @Override
    public IssuedToken issue(RefreshTokenClaims claims) {
        Instant expiresAt = claims.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        String token = jwts.sign(
                claims.userId(), claims.sessionId(), claims.tokenId().toString(), jwts.now(), expiresAt, null);
        return new IssuedToken(token, expiresAt);
    }

    @Override
    public RefreshTokenClaims verify(String token) {
        try {
            HmacJwts.Verified v = jwts.verify(token);
            return new RefreshTokenClaims(v.sessionId(), TokenId.parse(v.tokenId()), v.userId(), v.expiresAt());
        } catch (ExpiredJwtException e) {
            // jjwt checks the expiry only once the signature and the algorithm have passed: genuine, merely expired
            throw new ExpiredRefreshTokenException("The refresh token is invalid, expired or revoked.");
        } catch (RuntimeException e) {
            LOG.debug("refresh token refused: {}", e.getClass().getSimpleName());
            throw new InvalidRefreshTokenException("The refresh token is invalid, expired or revoked.");
        }
    }
}
