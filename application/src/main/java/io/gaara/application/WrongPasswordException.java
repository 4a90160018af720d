package io.gaara.application;

/** A signed-in user's current password did not match (a password change, an account deletion). */
public class WrongPasswordException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public WrongPasswordException(String message) {
        super(message);
    }
}
