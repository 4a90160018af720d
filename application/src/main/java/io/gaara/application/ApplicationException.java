package io.gaara.application;

/**
 * A use case refused a request for a reason the client may learn. The message is safe to show: it never carries a
 * password, a token or whether an email is registered.
 */
public abstract class ApplicationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected ApplicationException(String message) {
        super(message, null, false, false);
    }
}
