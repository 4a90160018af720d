package io.gaara.application;

/** No session with that id belongs to the caller; other users' sessions are indistinguishable from absent ones. */
public class SessionNotFoundException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public SessionNotFoundException(String message) {
        super(message);
    }
}
