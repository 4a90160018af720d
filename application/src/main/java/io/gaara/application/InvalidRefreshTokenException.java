package io.gaara.application;

/** A refresh token that is forged, malformed, expired, spent or belongs to an ended session. */
public class InvalidRefreshTokenException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public InvalidRefreshTokenException(String message) {
        super(message);
    }
}
