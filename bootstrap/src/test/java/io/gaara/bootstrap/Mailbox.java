package io.gaara.bootstrap;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real SMTP server (GreenMail) that the servers under test send to, read by recipient. Every server of the suite
 * drains the one shared outbox, so a message another test left there may arrive here too: a test looks at its own
 * addresses only.
 */
final class Mailbox implements AutoCloseable {
    static final String PUBLIC_URL = "https://app.example.com";
    static final String RESET_SUBJECT = "Reset your Gaara password";
    static final String CHANGED_SUBJECT = "Your Gaara password was changed";
    static final String VERIFY_SUBJECT = "Confirm your email address for Gaara";
    static final String ATTEMPT_SUBJECT = "Someone tried to register with your address at Gaara";
    static final String CHANGE_NOTICE_SUBJECT = "The email address of your Gaara account is being changed";
    static final String CHANGE_VERIFY_SUBJECT = "Confirm your new email address for Gaara";

    /** A message as the recipient reads it. */
    record Received(String to, String from, String subject, String text) {
        /** The token of the reset link in the text, as a front end reads it from the fragment. */
        String resetToken() {
            return token("reset-password");
        }

        /** The token of the link into {@code page} of the front end ({@code verify-email}, ...) in the text. */
        String token(String page) {
            Matcher link = Pattern.compile(Pattern.quote(PUBLIC_URL) + "/" + page + "#token=([A-Za-z0-9_-]{43})")
                    .matcher(text);
            if (!link.find()) {
                throw new AssertionError("no " + page + " link in: " + text);
            }
            return link.group(1);
        }
    }

    private final GreenMail greenMail;

    private Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** On a port of its own. */
    static Mailbox start() {
        return start(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    }

    /** On {@code port}: a provider that comes back where the server under test has been failing to reach it. */
    static Mailbox startOn(int port) {
        return start(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    private static Mailbox start(ServerSetup setup) {
        GreenMail greenMail = new GreenMail(setup);
        greenMail.start();
        return new Mailbox(greenMail);
    }

    /** A loopback port nothing listens on now: an SMTP server that is down (until {@link #startOn} takes it). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The settings that make a server send here (plain SMTP on loopback, links to {@link #PUBLIC_URL}). */
    static Map<String, String> smtpSettings(int port) {
        return Map.of(
                "GAARA_EMAIL_PROVIDER", "smtp",
                "GAARA_EMAIL_FROM", "Gaara <no-reply@example.com>",
                "GAARA_SMTP_HOST", "127.0.0.1",
                "GAARA_SMTP_PORT", String.valueOf(port),
                "GAARA_SMTP_TLS", "none",
                "GAARA_PUBLIC_URL", PUBLIC_URL);
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    /** Every message received for {@code to} with {@code subject}, oldest first. */
    List<Received> to(String to, String subject) {
        return all().stream()
                .filter(m -> m.to().equals(to) && m.subject().equals(subject))
                .toList();
    }

    /**
     * Every message received, each parsed afresh: GreenMail lists messages mailbox by mailbox, not in arrival order, so
     * a new message to one address can land before older ones to another, and a cache by position would misread them.
     */
    private List<Received> all() {
        return Arrays.stream(greenMail.getReceivedMessages()).map(Mailbox::read).toList();
    }

    /** Waits until {@code count} messages for {@code to} with {@code subject} arrived, and returns all there are. */
    List<Received> await(String to, String subject, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Received> found = to(to, subject);
        while (found.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("%d message(s) \"%s\" to %s within %s; got %d"
                        .formatted(count, subject, to, timeout, found.size()));
            }
            Thread.sleep(50);
            found = to(to, subject);
        }
        return found;
    }

    @Override
    public void close() {
        greenMail.stop();
    }

    private static Received read(MimeMessage message) {
        try {
            Address[] to = message.getAllRecipients();
            Address[] from = message.getFrom();
            return new Received(
                    to == null || to.length == 0 ? "" : to[0].toString(),
                    from == null || from.length == 0 ? "" : ((InternetAddress) from[0]).getAddress(),
                    String.valueOf(message.getSubject()),
                    textOf(message.getContent()));
        } catch (MessagingException e) {
            throw new IllegalStateException("unreadable message: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        throw new AssertionError("no text/plain part in "
                + Arrays.toString(parts.getContentType().split(";")));
    }
}
