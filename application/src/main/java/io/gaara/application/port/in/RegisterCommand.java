package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import java.util.Objects;

public record RegisterCommand(Email email, Password password, ClientInfo client) {
    public RegisterCommand {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(client, "client");
    }
}
