package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.Password;
import java.util.Objects;

public record ChangeEmailCommand(Principal principal, Email newEmail, Password password, ClientInfo client) {
    public ChangeEmailCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(newEmail, "newEmail");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(client, "client");
    }
}
