package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import java.util.Objects;

/** A token from a verification link, as the front end found it in the link. */
public record VerifyEmailCommand(String token, ClientInfo client) {
    public VerifyEmailCommand {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(client, "client");
    }
}
