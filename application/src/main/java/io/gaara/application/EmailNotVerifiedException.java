package io.gaara.application;

/**
 * The password was right, but the account's address is not proven yet and this server requires it
 * ({@code GAARA_REQUIRE_VERIFIED_EMAIL}): the client offers to send the link again.
 */
public class EmailNotVerifiedException extends ApplicationException {
    private static final long serialVersionUID = 1L;

    public EmailNotVerifiedException(String message) {
        super(message);
    }
}
