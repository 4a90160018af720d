package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

public record LogoutCommand(String refreshToken, ClientInfo client) {
    public LogoutCommand {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return "LogoutCommand[refreshToken=redacted, client=" + client + "]";
    }
}
