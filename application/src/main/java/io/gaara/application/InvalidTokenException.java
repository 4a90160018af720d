package io.gaara.application;

/**
 * A one-time token (from a reset or verification link) that is unknown, spent, expired, revoked or meant for another
 * flow: one answer for all, so a client cannot tell which.
 */
public class InvalidTokenException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }
}
