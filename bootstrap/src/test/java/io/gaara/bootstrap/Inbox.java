package io.gaara.bootstrap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) on a free loopback port, read as a user reads an inbox: the messages to one address,
 * as text, waited for by what they say rather than by how many arrived (registration, notices and links all send mail).
 */
final class Inbox implements AutoCloseable {
    private final GreenMail smtp;

    private Inbox(GreenMail smtp) {
        this.smtp = smtp;
    }

    static Inbox start() {
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        return new Inbox(smtp);
    }

    int port() {
        return smtp.getSmtp().getPort();
    }

    /** The text parts of every message to {@code to} so far, in the order received. */
    List<String> texts(String to) throws MessagingException, IOException {
        List<String> texts = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            var recipients = message.getRecipients(Message.RecipientType.TO);
            if (recipients != null
                    && recipients.length == 1
                    && recipients[0].toString().equals(to)) {
                texts.add(textOf(message.getContent()));
            }
        }
        return texts;
    }

    /**
     * Waits up to {@code seconds} for a message to {@code to} whose text matches {@code pattern}, the latest such, and
     * returns the match (its groups hold what the test reads out, a link's token say).
     */
    Matcher await(String to, Pattern pattern, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            List<String> texts = texts(to);
            for (int i = texts.size() - 1; i >= 0; i--) {
                Matcher m = pattern.matcher(texts.get(i));
                if (m.find()) {
                    return m;
                }
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no message to " + to + " matching " + pattern + " within " + seconds + " s; got "
                + texts(to).size() + " message(s)");
    }

    /** Waits for a message to {@code to} whose text matches {@code pattern}, up to 15 s. */
    Matcher await(String to, Pattern pattern) throws Exception {
        return await(to, pattern, 15);
    }

    private static String textOf(Object content) throws MessagingException, IOException {
        if (content instanceof String text) {
            return text;
        }
        Multipart parts = (Multipart) content;
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
            if (part.getContent() instanceof Multipart nested) {
                return textOf(nested);
            }
        }
        throw new AssertionError("no text/plain part");
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
