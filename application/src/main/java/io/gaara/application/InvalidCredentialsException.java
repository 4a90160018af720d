package io.gaara.application;

/** The email or password is wrong; the two cases are not told apart (ASVS 6.3.8). */
public class InvalidCredentialsException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public InvalidCredentialsException(String message) {
        super(message);
    }
}
