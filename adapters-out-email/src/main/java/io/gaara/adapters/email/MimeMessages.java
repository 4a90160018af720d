package io.gaara.adapters.email;

import io.gaara.application.port.out.email.EmailMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** One RFC 5322 message for SMTP and for the development files: UTF-8 text, and HTML beside it when there is some. */
final class MimeMessages {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private MimeMessages() {}

    /**
     * The session properties every message needs: {@code mail.from} makes the generated {@code Message-ID} carry the
     * sender's domain rather than this host's name.
     */
    static Properties baseProperties(FromAddress from) {
        Properties properties = new Properties();
        properties.setProperty("mail.from", from.address().value());
        properties.setProperty("mail.mime.charset", UTF_8);
        return properties;
    }

    /** The message, headers final ({@code Message-ID} and {@code Date} included). */
    static MimeMessage build(Session session, FromAddress from, EmailMessage message, Instant now)
            throws MessagingException {
        MimeMessage mime = new MimeMessage(session);
        mime.setFrom(internetAddress(from));
        mime.setRecipient(
                Message.RecipientType.TO, new InternetAddress(message.to().value(), true));
        mime.setSubject(message.subject(), UTF_8);
        mime.setSentDate(Date.from(now));
        if (message.html() == null) {
            mime.setText(message.text(), UTF_8, "plain");
        } else {
            // multipart/alternative: the last part is the preferred one, so plain text first, then HTML (RFC 2046
            // 5.1.4)
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.text(), UTF_8, "plain");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(message.html(), UTF_8, "html");
            MimeMultipart alternative = new MimeMultipart("alternative");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            mime.setContent(alternative);
        }
        mime.saveChanges();
        return mime;
    }

    private static InternetAddress internetAddress(FromAddress from) throws MessagingException {
        try {
            return new InternetAddress(from.address().value(), from.name(), UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new MessagingException("UTF-8 is not supported", e);
        }
    }
}
