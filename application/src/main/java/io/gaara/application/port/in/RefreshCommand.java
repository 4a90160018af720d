package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

public record RefreshCommand(String refreshToken, ClientInfo client) {
    public RefreshCommand {
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return "RefreshCommand[refreshToken=redacted, client=" + client + "]";
    }
}
