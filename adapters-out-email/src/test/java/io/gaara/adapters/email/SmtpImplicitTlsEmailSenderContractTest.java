package io.gaara.adapters.email;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailSender;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP over TLS from the first byte with a login, against GreenMail's SMTPS, the certificate checked by name. */
class SmtpImplicitTlsEmailSenderContractTest extends SmtpEmailSenderContract {
    static final String PASSWORD = "smtps-password";

    @RegisterExtension
    static final GreenMailExtension greenMail = Peers.greenMailSmtps()
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("gaara@gaara.example", "gaara", PASSWORD));

    @Override
    protected int port() {
        return greenMail.getSmtps().getPort();
    }

    @Override
    protected EmailSender sender(int port) {
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", port, "gaara", TlsMode.TLS, FROM)
                .withCaCertificate(TestCertificate.get().pem);
        return new SmtpEmailSender(settings, () -> PASSWORD, Clock.systemUTC());
    }

    @Override
    protected List<ReceivedEmail> received() {
        return Peers.received(greenMail);
    }
}
