package io.gaara.application;

/** An access token that is missing, forged, malformed, expired or belongs to an ended session. */
public class InvalidAccessTokenException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public InvalidAccessTokenException(String message) {
        super(message);
    }
}
