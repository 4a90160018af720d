package io.gaara.adapters.email;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailSender;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SMTP without TLS or login (a relay on the same host), against GreenMail. */
class SmtpPlainEmailSenderContractTest extends SmtpEmailSenderContract {
    @RegisterExtension
    static final GreenMailExtension greenMail = Peers.greenMailSmtp();

    @Override
    protected int port() {
        return greenMail.getSmtp().getPort();
    }

    @Override
    protected EmailSender sender(int port) {
        return new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", port, null, TlsMode.NONE, FROM), () -> null, Clock.systemUTC());
    }

    @Override
    protected List<ReceivedEmail> received() {
        return Peers.received(greenMail);
    }
}
