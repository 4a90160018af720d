package io.gaara.application.port.in;

import io.gaara.domain.Email;
import io.gaara.domain.UserId;
import java.time.Instant;

public record UserView(UserId id, Email email, Instant createdAt) {}
