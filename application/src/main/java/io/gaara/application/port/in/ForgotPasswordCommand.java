package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

/** Ask for a reset link; {@code email} is the address as typed, which may name no account. */
public record ForgotPasswordCommand(String email, ClientInfo client) {
    public ForgotPasswordCommand {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(client, "client");
    }
}
