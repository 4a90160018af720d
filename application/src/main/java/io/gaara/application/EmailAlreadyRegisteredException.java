package io.gaara.application;

/**
 * An account with this email already exists. (Registration is the one place where that can be told; login never tells.)
 */
public class EmailAlreadyRegisteredException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public EmailAlreadyRegisteredException(String message) {
        super(message);
    }
}
