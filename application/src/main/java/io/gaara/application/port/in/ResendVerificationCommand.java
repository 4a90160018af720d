package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

/** Ask for a new verification link; {@code email} is the address as typed, which may name no account. */
public record ResendVerificationCommand(String email, ClientInfo client) {
    public ResendVerificationCommand {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(client, "client");
    }
}
