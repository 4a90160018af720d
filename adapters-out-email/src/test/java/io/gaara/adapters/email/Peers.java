package io.gaara.adapters.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;

/** The test peers' common set-up: everything listens on 127.0.0.1 only, on a port of its own. */
final class Peers {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Peers() {}

    /** GreenMail's plain SMTP server. */
    static GreenMailExtension greenMailSmtp() {
        return new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
    }

    /** GreenMail's SMTP server with TLS from the first byte, serving {@link TestCertificate}. */
    static GreenMailExtension greenMailSmtps() {
        TestCertificate.get();
        return new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
    }

    static List<ReceivedEmail> received(GreenMailExtension greenMail) {
        MimeMessage[] messages = greenMail.getReceivedMessages();
        return Arrays.stream(messages).map(ReceivedEmail::of).toList();
    }

    /** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
