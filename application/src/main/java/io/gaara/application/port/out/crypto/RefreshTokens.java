package io.gaara.application.port.out.crypto;

import io.gaara.application.InvalidRefreshTokenException;

/**
 * Issues refresh tokens and proves them genuine before any database work, so that a forged or malformed token costs a
 * signature check and nothing more.
 */
public interface RefreshTokens {
    IssuedToken issue(RefreshTokenClaims claims);

    /**
     * Returns the claims of a genuine, unexpired token or throws {@link InvalidRefreshTokenException};
     * {@link io.gaara.application.ExpiredRefreshTokenException} when it is genuine but expired.
     */
    RefreshTokenClaims verify(String token);
}
