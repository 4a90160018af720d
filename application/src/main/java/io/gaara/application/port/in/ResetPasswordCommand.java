package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Password;
import java.util.Objects;

/** Set a new password with the token from a reset link. */
public record ResetPasswordCommand(String token, Password newPassword, ClientInfo client) {
    public ResetPasswordCommand {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(newPassword, "newPassword");
        Objects.requireNonNull(client, "client");
    }

    @Override
    public String toString() {
        return "ResetPasswordCommand[token=redacted, newPassword=redacted, client=" + client + "]";
    }
}
