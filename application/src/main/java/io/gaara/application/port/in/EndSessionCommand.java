package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.SessionId;
import java.util.Objects;

public record EndSessionCommand(Principal principal, SessionId sessionId, ClientInfo client) {
    public EndSessionCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(client, "client");
    }
}
