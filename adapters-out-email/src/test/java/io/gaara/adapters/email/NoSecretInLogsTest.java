package io.gaara.adapters.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailSender;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.domain.Email;
import io.gaara.testsupport.CapturedLogs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * No token, body, key or password in any line the adapters (and Angus, through java.util.logging at its most verbose)
 * log, nor in any exception message they throw, sent or refused. The peers' own lines are left out: a test SMTP server
 * or HTTP double sees the message by design.
 */
class NoSecretInLogsTest {
    private static final List<String> PEERS =
            List.of("com.icegreen", "org.subethamail", "wiremock", "com.github.tomakehurst", "org.eclipse.jetty");

    private final String token = "tok-" + UUID.randomUUID();
    private final String password = "pw-" + UUID.randomUUID();
    private final String key = "SG." + UUID.randomUUID();
    private final List<Throwable> thrown = new ArrayList<>();
    private final Logger angus = Logger.getLogger("org.eclipse.angus");
    private CapturedLogs logs;

    @RegisterExtension
    final SubEthaSmtp startTls = SubEthaSmtp.requiringStartTls();

    @RegisterExtension
    final SubEthaSmtp plain = SubEthaSmtp.plain();

    @RegisterExtension
    final SendGridDouble sendGrid = new SendGridDouble();

    @TempDir
    Path dir;

    @BeforeEach
    void captureEverything() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        angus.setLevel(Level.ALL);
        logs = CapturedLogs.of("ROOT");
    }

    @AfterEach
    void release() {
        logs.close();
        angus.setLevel(null);
        SLF4JBridgeHandler.uninstall();
    }

    private EmailMessage message() {
        TemplateEmailRenderer renderer = new TemplateEmailRenderer(TemplateSettings.defaults());
        return renderer.render(new OutboxEmail(
                new Email("alice@example.com"),
                EmailTemplate.PASSWORD_RESET,
                Map.of("link", "https://app.example/reset#token=" + token, "expires_in_minutes", "30")));
    }

    private void sendCatching(EmailSender sender) {
        Throwable failure = catchThrowable(() -> sender.send(message()));
        if (failure != null) {
            thrown.add(failure);
        }
    }

    @Test
    void givenEveryAdapterSendingAndFailing_thenNoTokenBodyKeyOrPasswordIsLoggedOrThrown() {
        // development files: the line says where, to whom and what, and that is all
        sendCatching(new FileEmailSender(dir, EmailSenderContract.FROM, Clock.systemUTC()));

        // SMTP: accepted, a refused login, a refused recipient
        SmtpSettings tls = SmtpSettings.of(
                        "127.0.0.1", startTls.port(), SubEthaSmtp.USER, TlsMode.STARTTLS, EmailSenderContract.FROM)
                .withCaCertificate(TestCertificate.get().pem);
        startTls.password(password);
        sendCatching(new SmtpEmailSender(tls, () -> password, Clock.systemUTC()));
        sendCatching(new SmtpEmailSender(tls, () -> password + "-wrong", Clock.systemUTC()));
        plain.rejectRecipients(550, "5.1.1 No such user");
        sendCatching(new SmtpEmailSender(
                SmtpSettings.of("127.0.0.1", plain.port(), null, TlsMode.NONE, EmailSenderContract.FROM),
                () -> null,
                Clock.systemUTC()));

        // SendGrid: accepted, refused (echoing the key), unavailable, too slow
        SendGridSettings sendGridSettings = new SendGridSettings(
                sendGrid.baseUrl(),
                EmailSenderContract.FROM,
                EmailSettings.DEFAULT_CONNECT_TIMEOUT,
                EmailSettings.DEFAULT_TIMEOUT);
        SendGridEmailSender sendGridSender = new SendGridEmailSender(sendGridSettings, () -> key, Clock.systemUTC());
        sendCatching(sendGridSender);
        sendGrid.answerError(400, "bad request for key " + key);
        sendCatching(sendGridSender);
        sendGrid.answer(aResponse().withStatus(503).withBody("{\"errors\":[{\"message\":\"down\"}]}"));
        sendCatching(sendGridSender);
        sendGrid.answer(aResponse().withStatus(202).withFixedDelay(5_000));
        sendCatching(new SendGridEmailSender(
                new SendGridSettings(
                        sendGrid.baseUrl(), EmailSenderContract.FROM, Duration.ofSeconds(5), Duration.ofMillis(500)),
                () -> key,
                Clock.systemUTC()));

        // the renderer refusing a message names the missing value, not the ones it has
        thrown.add(catchThrowable(() -> new TemplateEmailRenderer(TemplateSettings.defaults())
                .render(new OutboxEmail(
                        new Email("alice@example.com"),
                        EmailTemplate.EMAIL_CHANGE_VERIFY,
                        Map.of("link", "https://app.example/x#token=" + token, "expires_in_minutes", "30")))));

        assertThat(startTls.received()).hasSize(1);
        assertThat(sendGrid.requests()).hasSize(4);
        assertThat(thrown).hasSize(6);
        List<String> ours = logs.lines().stream()
                .filter(line -> PEERS.stream().noneMatch(line::startsWith))
                .toList();
        // the capture sees what it must: the file line, and Angus through java.util.logging
        assertThat(ours)
                .anyMatch(line -> line.startsWith(FileEmailSender.class.getName())
                        && line.contains("alice@example.com")
                        && line.contains("Reset your Gaara password")
                        && line.contains(dir.toString()));
        assertThat(ours).anyMatch(line -> line.startsWith("org.eclipse.angus.mail.smtp"));
        for (String secret : List.of(token, password, key, "We received a request to reset")) {
            assertThat(ours).as("logged lines").noneMatch(line -> line.contains(secret));
            assertThat(messages(thrown)).as("exception messages").noneMatch(m -> m.contains(secret));
        }
    }

    private static List<String> messages(List<Throwable> thrown) {
        List<String> messages = new ArrayList<>();
        for (Throwable top : thrown) {
            for (Throwable t = top; t != null; t = t.getCause() == t ? null : t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
                for (Throwable suppressed : t.getSuppressed()) {
                    messages.add(String.valueOf(suppressed.getMessage()));
                }
            }
        }
        return messages;
    }
}
