package io.gaara.application;

/**
 * A genuine access token past its expiry: refused like any invalid one, but what every client meets once per token
 * lifetime, so not a failed token use for the security log.
 */
public class ExpiredAccessTokenException extends InvalidAccessTokenException {
    private static final long serialVersionUID = 1L;

    public ExpiredAccessTokenException(String message) {
        super(message);
    }
}
