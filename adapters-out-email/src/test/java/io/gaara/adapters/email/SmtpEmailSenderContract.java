package io.gaara.adapters.email;

import io.gaara.application.port.out.email.EmailSender;

/**
 * The {@link EmailSenderContract} for {@link SmtpEmailSender}, whatever the transport: a subclass names its server's
 * port and how a sender of its kind (TLS mode, login, trusted CA) is built for a port; the unreachable sender is the
 * same one pointed at a closed port.
 */
abstract class SmtpEmailSenderContract extends EmailSenderContract {
    /** The port the test's server listens on. */
    protected abstract int port();

    /** A sender of this subclass's kind for the server on {@code port}. */
    protected abstract EmailSender sender(int port);

    @Override
    protected final EmailSender sender() {
        return sender(port());
    }

    @Override
    protected final EmailSender unreachableSender() {
        return sender(Peers.closedPort());
    }

    @Override
    protected final String providerName() {
        return "smtp";
    }
}
