package io.gaara.application.port.in;

import io.gaara.domain.Email;
import java.util.Objects;

/** The address a link proved, and whether it became the account's address (an email change) or already was. */
public record VerifiedEmail(Email email, boolean changed) {
    public VerifiedEmail {
        Objects.requireNonNull(email, "email");
    }
}
