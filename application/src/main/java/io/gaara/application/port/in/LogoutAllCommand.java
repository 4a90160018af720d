package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

public record LogoutAllCommand(Principal principal, ClientInfo client) {
    public LogoutAllCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(client, "client");
    }
}
