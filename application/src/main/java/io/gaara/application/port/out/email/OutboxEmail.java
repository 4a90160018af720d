package io.gaara.application.port.out.email;

import io.gaara.domain.Email;
import java.util.Map;
import java.util.Objects;

/**
 * A message waiting in the outbox: who it goes to, which template, and the values the template fills in. The values can
 * hold a one-time token (a reset link), so {@code toString} shows their names only.
 *
 * @param to the recipient
 * @param template which message
 * @param params the template's values by name; plain text, escaped by the renderer where the format needs it
 */
public record OutboxEmail(Email to, EmailTemplate template, Map<String, String> params) {
    public OutboxEmail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(template, "template");
        params = Map.copyOf(Objects.requireNonNull(params, "params"));
    }

    @Override
    public String toString() {
        return "OutboxEmail[to=" + to + ", template=" + template + ", params=" + params.keySet() + "]";
    }
}
