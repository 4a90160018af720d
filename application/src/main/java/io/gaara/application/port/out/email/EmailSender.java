package io.gaara.application.port.out.email;

/** Hands a rendered message to the email provider. */
public interface EmailSender {
    /**
     * Returns when the provider has accepted the message.
     *
     * @throws EmailDeliveryException when it did not; {@link EmailDeliveryException#retryable()} says whether the same
     *     message may succeed later
     */
    void send(EmailMessage message);

    /** {@code sendgrid}, {@code smtp} or {@code file}, for logs and metrics. */
    String providerName();
}
