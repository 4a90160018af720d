package io.gaara.application.port.in;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.Password;
import java.util.Objects;

/** Change the signed-in user's password, proving they know the current one. */
public record ChangePasswordCommand(
        Principal principal, Password currentPassword, Password newPassword, ClientInfo client) {
    public ChangePasswordCommand {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(currentPassword, "currentPassword");
        Objects.requireNonNull(newPassword, "newPassword");
        Objects.requireNonNull(client, "client");
    }
}
