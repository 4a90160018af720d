package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Password;
import java.util.Objects;

/**
 * The email is kept as typed: an address that is not even well-formed is treated like an unknown one (same answer, same
 * time), so login never becomes an oracle for anything.
 */
public record LoginCommand(String email, Password password, ClientInfo client) {
    public LoginCommand {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(client, "client");
    }
}
