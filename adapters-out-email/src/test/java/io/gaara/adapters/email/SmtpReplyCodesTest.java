package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailDeliveryException;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The server's reply decides: 4xx is worth another try, 5xx is not; either way it is reported on one line. */
class SmtpReplyCodesTest {
    @RegisterExtension
    final SubEthaSmtp server = SubEthaSmtp.plain();

    private SmtpEmailSender sender() {
        return new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", server.port(), null, TlsMode.NONE, SmtpTlsTest.FROM),
                () -> null,
                Clock.systemUTC());
    }

    @Test
    void givenTemporaryRejection451_whenSent_thenRetryableWithTheReplyOnOneLine() {
        server.rejectRecipients(451, "4.3.0 Mailbox temporarily unavailable");

        assertThatThrownBy(() -> sender().send(SmtpTlsTest.MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("451")
                .hasMessageContaining("Mailbox temporarily unavailable")
                .hasMessageNotContaining("\n")
                .hasMessageNotContaining("\r");
    }

    @Test
    void givenPermanentRejection550_whenSent_thenNotRetryable() {
        server.rejectRecipients(550, "5.1.1 No such user here");

        assertThatThrownBy(() -> sender().send(SmtpTlsTest.MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("550")
                .hasMessageContaining("No such user here");
    }

    @Test
    void givenRecipientsAccepted_whenSent_thenTheMessageArrives() {
        sender().send(SmtpTlsTest.MESSAGE);

        assertThat(server.received()).hasSize(1);
    }
}
