package io.gaara.application.port.in;

import io.gaara.domain.Email;
import io.gaara.domain.UserId;
import java.time.Instant;

/** The signed-in user as {@code /me} shows it. */
public record UserView(UserId id, Email email, boolean emailVerified, Instant createdAt) {}
