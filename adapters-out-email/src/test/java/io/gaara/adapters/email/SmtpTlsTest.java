package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.domain.Email;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TLS that cannot be skipped or faked: STARTTLS required, the certificate trusted and issued to the host dialled. */
class SmtpTlsTest {
    static final FromAddress FROM = EmailSenderContract.FROM;
    static final EmailMessage MESSAGE =
            new EmailMessage(new Email("bob@example.com"), "Hello", "Text body", "<p>HTML body</p>");

    /** GreenMail's SMTP offers no STARTTLS: a stand-in for a server stripped of it by a man in the middle. */
    @RegisterExtension
    final GreenMailExtension withoutStartTls = Peers.greenMailSmtp();

    @RegisterExtension
    final SubEthaSmtp startTls = SubEthaSmtp.requiringStartTls();

    @RegisterExtension
    final SubEthaSmtp anotherHostsCertificate = SubEthaSmtp.requiringStartTls(TestCertificate.forAnotherHost());

    @Test
    void givenStartTlsChosen_whenServerDoesNotOfferIt_thenNothingIsSentInClearText() {
        SmtpEmailSender sender = new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", withoutStartTls.getSmtp().getPort(), null, TlsMode.STARTTLS, FROM),
                () -> null,
                Clock.systemUTC());

        assertThatThrownBy(() -> sender.send(MESSAGE))
                .isInstanceOf(EmailDeliveryException.class)
                .hasMessageContaining("STARTTLS");
        assertThat(withoutStartTls.getReceivedMessages()).isEmpty();
    }

    @Test
    void givenServerCertificateNotTrusted_whenSent_thenNothingIsSent() {
        // the JDK's trusted CAs only: the test certificate is self-signed
        SmtpEmailSender sender = new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", startTls.port(), SubEthaSmtp.USER, TlsMode.STARTTLS, FROM),
                () -> SubEthaSmtp.FIRST_PASSWORD,
                Clock.systemUTC());

        assertThatThrownBy(() -> sender.send(MESSAGE)).isInstanceOf(EmailDeliveryException.class);
        assertThat(startTls.received()).isEmpty();
    }

    @Test
    void givenTrustedCertificateIssuedToAnotherHost_whenSent_thenRefusedAsAnImpostor() {
        SmtpEmailSender sender = new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", anotherHostsCertificate.port(), SubEthaSmtp.USER, TlsMode.STARTTLS, FROM)
                        .withCaCertificate(TestCertificate.forAnotherHost().pem),
                () -> SubEthaSmtp.FIRST_PASSWORD,
                Clock.systemUTC());

        assertThatThrownBy(() -> sender.send(MESSAGE)).isInstanceOf(EmailDeliveryException.class);
        assertThat(anotherHostsCertificate.received()).isEmpty();
    }
}
