package io.gaara.adapters.email;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailSender;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SMTP upgraded by STARTTLS with a login, against SubEthaSMTP requiring both (GreenMail's SMTP has no STARTTLS), the
 * certificate checked by name.
 */
class SmtpStartTlsEmailSenderContractTest extends SmtpEmailSenderContract {
    @RegisterExtension
    final SubEthaSmtp server = SubEthaSmtp.requiringStartTls();

    @Override
    protected int port() {
        return server.port();
    }

    @Override
    protected EmailSender sender(int port) {
        SmtpSettings settings = SmtpSettings.of("127.0.0.1", port, SubEthaSmtp.USER, TlsMode.STARTTLS, FROM)
                .withCaCertificate(TestCertificate.get().pem);
        return new SmtpEmailSender(settings, () -> SubEthaSmtp.FIRST_PASSWORD, Clock.systemUTC());
    }

    @Override
    protected List<ReceivedEmail> received() {
        return server.received();
    }
}
