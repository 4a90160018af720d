package io.gaara.adapters.email;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An SMTP server to hand messages to. The password is not a setting: it is the {@value SmtpEmailSender#PASSWORD_SECRET}
 * secret, read through the secrets platform at each send.
 *
 * @param username the login, or null for a server that takes mail without one
 * @param connectTimeout how long to wait for the TCP connection
 * @param timeout how long to wait for each reply of the server, and for each write to it
 * @param caCertificate a PEM file of CA certificates to trust for the server's TLS instead of the JDK's, or null
 */
public record SmtpSettings(
        String host,
        int port,
        String username,
        TlsMode tls,
        FromAddress from,
        Duration connectTimeout,
        Duration timeout,
        Path caCertificate) {

    /** How the connection is protected. */
    public enum TlsMode {
        /** Plain text all the way: only for a relay on the same host or network segment. */
        NONE(25),
        /** Plain connection upgraded by STARTTLS, which is required: a server that does not offer it gets nothing. */
        STARTTLS(587),
        /** TLS from the first byte (SMTPS, "implicit TLS", RFC 8314). */
        TLS(465);

        private final int defaultPort;

        TlsMode(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        /** The mode as written in configuration: {@code none}, {@code starttls}, {@code tls}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SmtpSettings {
        if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("the SMTP host must be a host name or address");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("the SMTP port must be between 1 and 65535 (was " + port + ")");
        }
        if (username != null && username.isBlank()) {
            username = null;
        }
        Objects.requireNonNull(tls, "tls");
        if (username != null && tls == TlsMode.NONE) {
            throw new IllegalArgumentException(
                    "an SMTP login without TLS would send the password in clear text: use starttls or tls");
        }
        Objects.requireNonNull(from, "from");
        EmailSettings.requirePositive(connectTimeout, "connectTimeout");
        EmailSettings.requirePositive(timeout, "timeout");
    }

    /** A server with the default timeouts and the JDK's trusted CAs. */
    public static SmtpSettings of(String host, int port, String username, TlsMode tls, FromAddress from) {
        return new SmtpSettings(
                host,
                port,
                username,
                tls,
                from,
                EmailSettings.DEFAULT_CONNECT_TIMEOUT,
                EmailSettings.DEFAULT_TIMEOUT,
                null);
    }

    /** The same server trusting the CA certificates in {@code pemFile}. */
    public SmtpSettings withCaCertificate(Path pemFile) {
        return new SmtpSettings(host, port, username, tls, from, connectTimeout, timeout, pemFile);
    }

    /** The same server with other timeouts. */
    public SmtpSettings withTimeouts(Duration connect, Duration reply) {
        return new SmtpSettings(host, port, username, tls, from, connect, reply, caCertificate);
    }
}
