package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Password;
import java.util.Objects;

public record DeleteAccountCommand(Principal principal, Password password, ClientInfo client) {
    public DeleteAccountCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(client, "client");
    }
}
