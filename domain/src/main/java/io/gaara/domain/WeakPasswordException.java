package io.gaara.domain;

/** A new password that breaks the password policy. */
public class WeakPasswordException extends InvalidValueException {
    private static final long serialVersionUID = 1L;

    public WeakPasswordException(String message) {
        super(message);
    }
}
