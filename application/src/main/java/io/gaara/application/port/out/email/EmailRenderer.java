package io.gaara.application.port.out.email;

/** Turns a queued message into its subject, text and HTML from the templates. */
public interface EmailRenderer {
    /** @throws IllegalArgumentException when the template needs a value the message does not carry */
    EmailMessage render(OutboxEmail email);
}
