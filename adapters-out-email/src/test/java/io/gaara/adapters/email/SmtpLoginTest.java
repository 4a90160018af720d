package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailDeliveryException;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The login: a refused one is final, the password is read from the secrets platform at each send. */
class SmtpLoginTest {
    @RegisterExtension
    final SubEthaSmtp server = SubEthaSmtp.requiringStartTls();

    private SmtpEmailSender sender(Supplier<String> password) {
        return new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", server.port(), SubEthaSmtp.USER, TlsMode.STARTTLS, SmtpTlsTest.FROM)
                        .withCaCertificate(TestCertificate.get().pem),
                password,
                Clock.systemUTC());
    }

    @Test
    void givenWrongPassword_whenSent_thenNotRetryableAndTheReplyIsNamed() {
        SmtpEmailSender sender = sender(() -> "not-the-password");

        assertThatThrownBy(() -> sender.send(SmtpTlsTest.MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("535")
                .hasMessageNotContaining("not-the-password");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void givenPasswordRotated_whenSentAgain_thenTheNewPasswordIsReadAndUsed() {
        AtomicReference<String> secret = new AtomicReference<>(SubEthaSmtp.FIRST_PASSWORD);
        SmtpEmailSender sender = sender(secret::get);
        sender.send(SmtpTlsTest.MESSAGE);

        server.password("smtp-password-2");
        secret.set("smtp-password-2");
        sender.send(SmtpTlsTest.MESSAGE);

        assertThat(server.received()).hasSize(2);
    }

    @Test
    void givenSecretsPlatformDown_whenSent_thenRetryableAndNothingIsSent() {
        SmtpEmailSender sender = sender(() -> {
            throw new IllegalStateException("secrets backend did not answer");
        });

        assertThatThrownBy(() -> sender.send(SmtpTlsTest.MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining(SmtpEmailSender.PASSWORD_SECRET)
                .hasMessageContaining("secrets backend did not answer");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void givenPasswordSecretMissing_whenSent_thenNotRetryableAndNothingIsSent() {
        SmtpEmailSender sender = sender(() -> null);

        assertThatThrownBy(() -> sender.send(SmtpTlsTest.MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining(SmtpEmailSender.PASSWORD_SECRET + " secret is missing or empty");
        assertThat(server.received()).isEmpty();
    }
}
