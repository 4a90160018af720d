package io.gaara.domain;

/**
 * A value that breaks a domain rule. Its message is safe to show a client: it names the rule, never the offending
 * value, because that value may be a password or a token.
 */
public class InvalidValueException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message, null, false, false);
    }
}
