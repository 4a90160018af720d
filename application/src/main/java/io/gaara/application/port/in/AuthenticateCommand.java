package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

/** A bearer access token as presented, and who presented it (a bad token is counted per client address). */
public record AuthenticateCommand(String accessToken, ClientInfo client) {
    public AuthenticateCommand {
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return "AuthenticateCommand[accessToken=redacted, client=" + client + "]";
    }
}
