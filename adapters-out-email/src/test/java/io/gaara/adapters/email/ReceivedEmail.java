package io.gaara.adapters.email;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a peer (an SMTP server, SendGrid's double, a file) received, reduced to what the contract compares.
 *
 * @param fromName the sender's display name, or null
 * @param html the HTML body, or null
 * @param contentTypes the body's media types in order ({@code text/plain}, {@code text/html})
 */
record ReceivedEmail(
        List<String> to,
        String fromAddress,
        String fromName,
        String subject,
        String text,
        String html,
        List<String> contentTypes) {

    /** Reads a MIME message as a mail client would: the parts of a multipart/alternative, decoded. */
    static ReceivedEmail of(MimeMessage message) {
        try {
            List<String> to = new ArrayList<>();
            for (Address address : message.getRecipients(Message.RecipientType.TO)) {
                to.add(((InternetAddress) address).getAddress());
            }
            InternetAddress from = (InternetAddress) message.getFrom()[0];
            List<String> types = new ArrayList<>();
            String text = null;
            String html = null;
            if (message.isMimeType("multipart/alternative")) {
                Multipart parts = (Multipart) message.getContent();
                for (int i = 0; i < parts.getCount(); i++) {
                    Part part = parts.getBodyPart(i);
                    if (part.isMimeType("text/plain")) {
                        types.add("text/plain");
                        text = (String) part.getContent();
                    } else if (part.isMimeType("text/html")) {
                        types.add("text/html");
                        html = (String) part.getContent();
                    } else {
                        types.add(part.getContentType());
                    }
                }
            } else if (message.isMimeType("text/plain")) {
                types.add("text/plain");
                text = (String) message.getContent();
            } else {
                types.add(message.getContentType());
            }
            return new ReceivedEmail(
                    to, from.getAddress(), from.getPersonal(), message.getSubject(), text, html, List.copyOf(types));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
