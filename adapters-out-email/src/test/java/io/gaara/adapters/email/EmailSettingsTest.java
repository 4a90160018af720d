package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.email.EmailSettings.Provider;
import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.domain.Email;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmailSettingsTest {

    private static Map<String, String> config(String... pairs) {
        Map<String, String> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put(pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void givenNothingOutsideProduction_thenMessagesGoToFilesFromTheDevelopmentSender() {
        EmailSettings settings = EmailSettings.fromConfig(Map.of());

        assertThat(settings.provider()).isEqualTo(Provider.FILE);
        assertThat(settings.from()).isEqualTo(FromAddress.parse(EmailSettings.DEVELOPMENT_FROM));
        assertThat(settings.sendGrid()).isNull();
        assertThat(settings.smtp()).isNull();
        assertThat(settings.templates()).isEqualTo(TemplateSettings.defaults());
    }

    @Test
    void givenNoProviderInProduction_thenRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(Map.of(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EmailSettings.PROVIDER)
                .hasMessageContaining("sendgrid or smtp");
    }

    @Test
    void givenUnknownProvider_thenRefusedWithTheAllowedValues() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(config(EmailSettings.PROVIDER, "mailchimp")))
                .hasMessage(EmailSettings.PROVIDER + " must be one of sendgrid, smtp, file (was 'mailchimp')");
    }

    @Test
    void givenSendGridWithoutFrom_thenRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(config(EmailSettings.PROVIDER, "sendgrid")))
                .hasMessageStartingWith(
                        EmailSettings.FROM + " is required with " + EmailSettings.PROVIDER + "=sendgrid");
    }

    @Test
    void givenSendGrid_thenTheRealApiAndDefaultTimeoutsUnlessSet() {
        EmailSettings defaults = EmailSettings.fromConfig(
                config(EmailSettings.PROVIDER, "SendGrid", EmailSettings.FROM, "Acme <no-reply@acme.example>"), true);
        EmailSettings custom = EmailSettings.fromConfig(config(
                EmailSettings.PROVIDER, "sendgrid",
                EmailSettings.FROM, "no-reply@acme.example",
                EmailSettings.SENDGRID_BASE_URL, "https://api.eu.sendgrid.com/",
                EmailSettings.CONNECT_TIMEOUT, "2s",
                EmailSettings.TIMEOUT, "PT30S"));

        assertThat(defaults.sendGrid())
                .isEqualTo(new SendGridSettings(
                        URI.create("https://api.sendgrid.com"),
                        new FromAddress(new Email("no-reply@acme.example"), "Acme"),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10)));
        assertThat(custom.sendGrid().mailSendUri()).isEqualTo(URI.create("https://api.eu.sendgrid.com/v3/mail/send"));
        assertThat(custom.sendGrid().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(custom.sendGrid().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(custom.from().name()).isNull();
    }

    @Test
    void givenBadFrom_thenRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(
                        config(EmailSettings.PROVIDER, "sendgrid", EmailSettings.FROM, "Acme <not an address>")))
                .hasMessageStartingWith(EmailSettings.FROM + ": ");
    }

    @Test
    void givenBadSendGridUrl_thenRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(config(
                        EmailSettings.PROVIDER, "sendgrid",
                        EmailSettings.FROM, "no-reply@acme.example",
                        EmailSettings.SENDGRID_BASE_URL, "ftp://api.sendgrid.com")))
                .hasMessageStartingWith(EmailSettings.SENDGRID_BASE_URL + ": ");
    }

    @ParameterizedTest
    @CsvSource({"starttls,587,STARTTLS", "tls,465,TLS", "none,25,NONE", ",587,STARTTLS"})
    void givenSmtpTlsMode_thenItsStandardPortUnlessOneIsSet(String tls, int port, TlsMode mode) {
        Map<String, String> config = config(
                EmailSettings.PROVIDER, "smtp",
                EmailSettings.FROM, "no-reply@acme.example",
                EmailSettings.SMTP_HOST, "smtp.acme.example");
        if (tls != null) {
            config.put(EmailSettings.SMTP_TLS, tls);
        }

        SmtpSettings smtp = EmailSettings.fromConfig(config).smtp();
        config.put(EmailSettings.SMTP_PORT, "2525");

        assertThat(smtp.tls()).isEqualTo(mode);
        assertThat(smtp.port()).isEqualTo(port);
        assertThat(EmailSettings.fromConfig(config).smtp().port()).isEqualTo(2525);
    }

    @Test
    void givenSmtpInFull_thenEveryValueIsRead() {
        SmtpSettings smtp = EmailSettings.fromConfig(config(
                        EmailSettings.PROVIDER, "smtp",
                        EmailSettings.FROM, "Acme <no-reply@acme.example>",
                        EmailSettings.SMTP_HOST, "smtp.acme.example",
                        EmailSettings.SMTP_USERNAME, "apikey",
                        EmailSettings.SMTP_TLS, "tls",
                        EmailSettings.SMTP_CA_CERT, "/etc/gaara/smtp-ca.pem",
                        EmailSettings.CONNECT_TIMEOUT, "750ms",
                        EmailSettings.TIMEOUT, "1m"))
                .smtp();

        assertThat(smtp)
                .isEqualTo(new SmtpSettings(
                        "smtp.acme.example",
                        465,
                        "apikey",
                        TlsMode.TLS,
                        FromAddress.parse("Acme <no-reply@acme.example>"),
                        Duration.ofMillis(750),
                        Duration.ofMinutes(1),
                        Path.of("/etc/gaara/smtp-ca.pem")));
    }

    @Test
    void givenSmtpWithoutHost_thenRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(
                        config(EmailSettings.PROVIDER, "smtp", EmailSettings.FROM, "no-reply@acme.example")))
                .hasMessage(EmailSettings.SMTP_HOST + " is required with " + EmailSettings.PROVIDER + "=smtp");
    }

    @Test
    void givenBadPortOrTlsMode_thenRefusedNamingTheVariable() {
        Map<String, String> config = config(
                EmailSettings.PROVIDER, "smtp",
                EmailSettings.FROM, "no-reply@acme.example",
                EmailSettings.SMTP_HOST, "smtp.acme.example");
        config.put(EmailSettings.SMTP_PORT, "70000");
        assertThatThrownBy(() -> EmailSettings.fromConfig(config)).hasMessageStartingWith(EmailSettings.SMTP_PORT);

        config.remove(EmailSettings.SMTP_PORT);
        config.put(EmailSettings.SMTP_TLS, "ssl");
        assertThatThrownBy(() -> EmailSettings.fromConfig(config))
                .hasMessage(EmailSettings.SMTP_TLS + " must be one of starttls, tls, none (was 'ssl')");
    }

    @Test
    void givenLoginWithoutTls_thenRefusedSoThePasswordNeverCrossesInClearText() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(config(
                        EmailSettings.PROVIDER, "smtp",
                        EmailSettings.FROM, "no-reply@acme.example",
                        EmailSettings.SMTP_HOST, "smtp.acme.example",
                        EmailSettings.SMTP_USERNAME, "gaara",
                        EmailSettings.SMTP_TLS, "none")))
                .hasMessageContaining(EmailSettings.SMTP_USERNAME)
                .hasMessageContaining("clear text");
    }

    @Test
    void givenBadTimeout_thenRefusedNamingTheVariable() {
        assertThatThrownBy(() -> EmailSettings.fromConfig(config(EmailSettings.TIMEOUT, "soon")))
                .hasMessageStartingWith(EmailSettings.TIMEOUT + " must be a duration");
        assertThatThrownBy(() -> EmailSettings.fromConfig(config(EmailSettings.CONNECT_TIMEOUT, "0s")))
                .hasMessageStartingWith(EmailSettings.CONNECT_TIMEOUT + " must be a duration");
    }

    @Test
    void givenTemplateSettings_thenRead() {
        EmailSettings settings = EmailSettings.fromConfig(config(
                EmailSettings.TEMPLATES_DIR, "/etc/gaara/email",
                EmailSettings.PRODUCT_NAME, "Acme ID",
                EmailSettings.SUPPORT_EMAIL, "help@acme.example"));

        assertThat(settings.templates())
                .isEqualTo(new TemplateSettings(Path.of("/etc/gaara/email"), "Acme ID", "help@acme.example"));
    }
}
