package io.gaara.adapters.email;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailSender;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Hands each message to an SMTP server over a connection of its own (Jakarta Mail, Eclipse Angus): STARTTLS required or
 * TLS from the start, the server's name checked against its certificate, every wait bounded so that a server that stops
 * answering never holds the outbox worker. The password is read at each send, so a rotated one is used at once.
 *
 * <p>A temporary reply (4xx) or a connection that failed is worth another try; a permanent reply (5xx), a refused login
 * included, is not.
 */
public final class SmtpEmailSender implements EmailSender {
    /** The secret holding the SMTP password. */
    public static final String PASSWORD_SECRET = "SMTP_PASSWORD";

    /**
     * Angus traces the whole SMTP conversation, the message and its one-time link included, to this java.util.logging
     * logger when it is at FINEST (a logging configuration could set that for all of {@code org.eclipse.angus}). It is
     * switched off for good; the connection, capability and failure lines at FINE stay. Held here, as java.util.logging
     * keeps only weak references to its loggers and would forget the level.
     */
    private static final Logger PROTOCOL_TRACE = Logger.getLogger("org.eclipse.angus.mail.smtp.protocol");

    static {
        PROTOCOL_TRACE.setLevel(Level.OFF);
    }

    private static final Pattern REPLY_CODE = Pattern.compile("^\\s*([2-5]\\d\\d)\\b");
    private static final int MAX_REASON = 300;

    private final SmtpSettings settings;
    private final Supplier<String> password;
    private final Clock clock;
    private final Session session;

    /** @param password reads the {@value #PASSWORD_SECRET} secret; asked only when {@code settings} name a username */
    public SmtpEmailSender(SmtpSettings settings, Supplier<String> password, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.password = Objects.requireNonNull(password, "password");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = Session.getInstance(properties(settings));
    }

    @Override
    public void send(EmailMessage message) {
        MimeMessage mime;
        try {
            mime = MimeMessages.build(session, settings.from(), message, clock.instant());
        } catch (MessagingException e) {
            throw new EmailDeliveryException(
                    "smtp: the message could not be built: " + e.getClass().getSimpleName(), false, e);
        }
        String secret = settings.username() == null ? null : password();
        Transport transport = null;
        try {
            transport = session.getTransport("smtp");
            transport.connect(settings.host(), settings.port(), settings.username(), secret);
            transport.sendMessage(mime, mime.getAllRecipients());
        } catch (MessagingException e) {
            throw classify(e);
        } finally {
            closeQuietly(transport);
        }
    }

    @Override
    public String providerName() {
        return "smtp";
    }

    private String password() {
        String value;
        try {
            value = password.get();
        } catch (RuntimeException e) {
            // the secrets platform's own words, which never hold a value
            throw new EmailDeliveryException(
                    "smtp: the " + PASSWORD_SECRET + " secret could not be read: "
                            + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()),
                    true,
                    e);
        }
        if (value == null || value.isEmpty()) {
            throw new EmailDeliveryException(
                    "smtp: the " + PASSWORD_SECRET + " secret is missing or empty but GAARA_SMTP_USERNAME is set",
                    false,
                    (Throwable) null);
        }
        return value;
    }

    /** What the server said decides: 4xx try again, 5xx give up; no reply at all (network, TLS) try again. */
    private EmailDeliveryException classify(MessagingException failure) {
        String where = "smtp " + settings.host() + ":" + settings.port();
        // the chain is short (a SendFailedException and its per-address reasons); the bound guards against a cycle
        int depth = 0;
        for (Exception e = failure; e != null && depth < 20; e = next(e), depth++) {
            Integer code = replyCode(e);
            if (code != null) {
                boolean transientReply = code >= 400 && code < 500;
                return new EmailDeliveryException(
                        where + " answered " + code + ": " + oneLine(e.getMessage()), transientReply, failure);
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String detail = root == failure
                ? oneLine(failure.getMessage())
                : oneLine(failure.getMessage()) + " (" + root.getClass().getSimpleName() + ": "
                        + oneLine(root.getMessage()) + ")";
        return new EmailDeliveryException(where + " failed: " + detail, true, failure);
    }

    private static Integer replyCode(Exception e) {
        int code = -1;
        if (e instanceof SMTPSendFailedException sendFailed) {
            code = sendFailed.getReturnCode();
        } else if (e instanceof SMTPAddressFailedException addressFailed) {
            code = addressFailed.getReturnCode();
        } else if (e instanceof SMTPSenderFailedException senderFailed) {
            code = senderFailed.getReturnCode();
        } else if (e instanceof AuthenticationFailedException && e.getMessage() != null) {
            // Angus puts the server's reply (e.g. "535 5.7.8 Authentication credentials invalid") in the message
            Matcher reply = REPLY_CODE.matcher(e.getMessage());
            if (reply.find()) {
                code = Integer.parseInt(reply.group(1));
            } else {
                code = 535;
            }
        }
        return code >= 400 && code < 600 ? code : null;
    }

    private static Exception next(Exception e) {
        if (e instanceof MessagingException messaging && messaging.getNextException() != null) {
            return messaging.getNextException();
        }
        return e.getCause() instanceof Exception cause && cause != e ? cause : null;
    }

    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
        } catch (MessagingException e) {
            // the message was accepted (or the failure is already reported); a failed QUIT changes neither
        }
    }

    static String oneLine(String text) {
        if (text == null) {
            return "(no detail)";
        }
        String line = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() <= MAX_REASON ? line : line.substring(0, MAX_REASON) + "...";
    }

    private static Properties properties(SmtpSettings settings) {
        Properties p = MimeMessages.baseProperties(settings.from());
        p.setProperty("mail.smtp.host", settings.host());
        p.setProperty("mail.smtp.port", Integer.toString(settings.port()));
        p.setProperty("mail.smtp.from", settings.from().address().value());
        p.setProperty("mail.smtp.connectiontimeout", millis(settings.connectTimeout()));
        p.setProperty("mail.smtp.timeout", millis(settings.timeout()));
        p.setProperty("mail.smtp.writetimeout", millis(settings.timeout()));
        p.setProperty("mail.smtp.auth", Boolean.toString(settings.username() != null));
        // never trace the login exchange, whatever the logging levels (Angus's default, made explicit)
        p.setProperty("mail.debug.auth", "false");
        if (settings.tls() == TlsMode.STARTTLS) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            // required, not opportunistic: a server (or a man in the middle) that does not offer STARTTLS gets nothing
            p.setProperty("mail.smtp.starttls.required", "true");
        } else if (settings.tls() == TlsMode.TLS) {
            p.setProperty("mail.smtp.ssl.enable", "true");
        }
        if (settings.tls() != TlsMode.NONE) {
            p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
            if (settings.caCertificate() != null) {
                p.put(
                        "mail.smtp.ssl.socketFactory",
                        trusting(settings.caCertificate()).getSocketFactory());
            }
        }
        return p;
    }

    private static String millis(Duration duration) {
        return Long.toString(Math.max(1, duration.toMillis()));
    }

    /** A TLS context trusting exactly the certificates of a PEM file. */
    private static SSLContext trusting(Path pemFile) {
        try (InputStream in = Files.newInputStream(pemFile)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + i++, certificate);
            }
            if (i == 0) {
                throw new IllegalArgumentException(
                        EmailSettings.SMTP_CA_CERT + ": " + pemFile + " holds no PEM certificate");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    EmailSettings.SMTP_CA_CERT + ": cannot read CA certificates from " + pemFile + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    e);
        }
    }
}
