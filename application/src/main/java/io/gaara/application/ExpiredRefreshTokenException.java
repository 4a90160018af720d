package io.gaara.application;

/**
 * A genuine refresh token past its expiry: refused like any invalid one, but what a client meets after a long absence,
 * so not a failed token use for the security log.
 */
public class ExpiredRefreshTokenException extends InvalidRefreshTokenException {
    private static final long serialVersionUID = 1L;

    public ExpiredRefreshTokenException(String message) {
        super(message);
    }
}
