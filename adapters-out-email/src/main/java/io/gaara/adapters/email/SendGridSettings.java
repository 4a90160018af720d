package io.gaara.adapters.email;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where SendGrid's API is and how long to wait for it. The API key is not a setting: it is the
 * {@value SendGridEmailSender#API_KEY_SECRET} secret, read through the secrets platform at each send.
 *
 * @param baseUrl {@code https://api.sendgrid.com} (or {@code https://api.eu.sendgrid.com}, or a test double)
 * @param connectTimeout how long to wait for a TCP and TLS connection
 * @param requestTimeout how long to wait for SendGrid's answer once connected
 */
public record SendGridSettings(URI baseUrl, FromAddress from, Duration connectTimeout, Duration requestTimeout) {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.sendgrid.com");

    public SendGridSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme()) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException(
                    "SendGrid's base URL must be an http(s) URL such as " + DEFAULT_BASE_URL);
        }
        Objects.requireNonNull(from, "from");
        EmailSettings.requirePositive(connectTimeout, "connectTimeout");
        EmailSettings.requirePositive(requestTimeout, "requestTimeout");
    }

    /** The real API with the default timeouts (5 s to connect, 10 s for an answer). */
    public static SendGridSettings of(FromAddress from) {
        return new SendGridSettings(
                DEFAULT_BASE_URL, from, EmailSettings.DEFAULT_CONNECT_TIMEOUT, EmailSettings.DEFAULT_TIMEOUT);
    }

    /** {@code <baseUrl>/v3/mail/send}. */
    URI mailSendUri() {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/v3/mail/send");
    }
}
