package io.gaara.application.port.out.email;

import io.gaara.domain.Email;
import java.util.Objects;

/**
 * A rendered message, ready for a provider. Bodies can hold a one-time token, so {@code toString} leaves them out.
 *
 * @param html the HTML body, or null to send plain text only
 */
public record EmailMessage(Email to, String subject, String text, String html) {
    public EmailMessage {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        if (subject.isBlank() || subject.contains("\n") || subject.contains("\r")) {
            throw new IllegalArgumentException("an email subject is one non-blank line");
        }
    }

    @Override
    public String toString() {
        return "EmailMessage[to=" + to + ", subject=" + subject + ", text=redacted, html="
                + (html == null ? "none" : "redacted") + "]";
    }
}
