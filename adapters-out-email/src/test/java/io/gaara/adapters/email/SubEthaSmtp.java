package io.gaara.adapters.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * SubEthaSMTP as a test peer, for what GreenMail cannot do: STARTTLS (required by the server too, with
 * {@link TestCertificate}), and chosen replies to {@code RCPT TO} (a temporary 451, a permanent 550). A JUnit extension
 * starting a fresh server before each test.
 */
final class SubEthaSmtp implements BeforeEachCallback, AfterEachCallback {
    static final String USER = "gaara";
    static final String FIRST_PASSWORD = "smtp-password-1";

    private final boolean startTls;
    private final TestCertificate certificate;
    private final List<MimeMessage> received = new CopyOnWriteArrayList<>();
    private volatile String password = FIRST_PASSWORD;
    private volatile RejectException rcptReply;
    private SMTPServer server;

    private SubEthaSmtp(boolean startTls, TestCertificate certificate) {
        this.startTls = startTls;
        this.certificate = certificate;
    }

    /** STARTTLS offered and required before anything else, a login required. */
    static SubEthaSmtp requiringStartTls() {
        return new SubEthaSmtp(true, TestCertificate.get());
    }

    /** The same, presenting a certificate made for another host name. */
    static SubEthaSmtp requiringStartTls(TestCertificate certificate) {
        return new SubEthaSmtp(true, certificate);
    }

    /** Plain SMTP, no login, for reply-code tests. */
    static SubEthaSmtp plain() {
        return new SubEthaSmtp(false, null);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        received.clear();
        rcptReply = null;
        SMTPServer.Builder builder = SMTPServer.port(0)
                .bindAddress(Peers.LOOPBACK)
                .hostName("localhost")
                .messageHandlerFactory(this::handler);
        if (startTls) {
            builder.startTlsSocketFactory(certificate.serverContext())
                    .enableTLS()
                    .requireTLS()
                    .requireAuth()
                    .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(this::login));
        }
        server = builder.build();
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop();
    }

    int port() {
        return server.getPortAllocated();
    }

    List<MimeMessage> messages() {
        return List.copyOf(received);
    }

    List<ReceivedEmail> received() {
        return received.stream().map(ReceivedEmail::of).toList();
    }

    /** The server's password from now on. */
    void password(String newPassword) {
        password = newPassword;
    }

    /** The server answers {@code RCPT TO} with this reply from now on. */
    void rejectRecipients(int code, String text) {
        rcptReply = new RejectException(code, text);
    }

    private void login(String username, String given, MessageContext context) throws LoginFailedException {
        if (!USER.equals(username) || !password.equals(given)) {
            throw new LoginFailedException();
        }
    }

    private MessageHandler handler(MessageContext context) {
        return new MessageHandler() {
            @Override
            public void from(String from) {}

            @Override
            public void recipient(String recipient) throws RejectException {
                RejectException reply = rcptReply;
                if (reply != null) {
                    throw new RejectException(reply.getCode(), reply.getMessage());
                }
            }

            @Override
            public String data(InputStream data) throws IOException {
                try {
                    received.add(new MimeMessage(
                            Session.getInstance(new Properties()), new ByteArrayInputStream(data.readAllBytes())));
                } catch (MessagingException e) {
                    throw new IOException(e);
                }
                return null;
            }

            @Override
            public void done() {}
        };
    }
}
