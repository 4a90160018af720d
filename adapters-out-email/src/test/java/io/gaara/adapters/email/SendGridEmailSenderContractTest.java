package io.gaara.adapters.email;

import io.gaara.application.port.out.email.EmailSender;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

class SendGridEmailSenderContractTest extends EmailSenderContract {
    @RegisterExtension
    final SendGridDouble sendGrid = new SendGridDouble();

    @Override
    protected EmailSender sender() {
        return sender(sendGrid.baseUrl());
    }

    @Override
    protected List<ReceivedEmail> received() {
        return sendGrid.received();
    }

    @Override
    protected EmailSender unreachableSender() {
        return sender(URI.create("http://127.0.0.1:" + Peers.closedPort()));
    }

    @Override
    protected String providerName() {
        return "sendgrid";
    }

    private static EmailSender sender(URI baseUrl) {
        return new SendGridEmailSender(
                new SendGridSettings(
                        baseUrl, FROM, EmailSettings.DEFAULT_CONNECT_TIMEOUT, EmailSettings.DEFAULT_TIMEOUT),
                () -> "SG.test-key",
                Clock.systemUTC());
    }
}
