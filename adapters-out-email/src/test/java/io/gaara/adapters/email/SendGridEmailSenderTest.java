package io.gaara.adapters.email;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.domain.Email;
import io.gaara.testsupport.CapturedLogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request SendGrid's v3 API documents, and what each of its answers means for the outbox. */
class SendGridEmailSenderTest {
    static final String KEY = "SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final EmailMessage MESSAGE = new EmailMessage(
            new Email("alice@example.com"),
            "Reset your password",
            "Open https://app.example/reset#token=t0ken",
            "<a href=\"https://app.example/reset#token=t0ken\">Reset</a>");

    @RegisterExtension
    final SendGridDouble sendGrid = new SendGridDouble();

    private SendGridEmailSender sender(Supplier<String> key) {
        return sender(key, EmailSettings.DEFAULT_TIMEOUT);
    }

    private SendGridEmailSender sender(Supplier<String> key, Duration requestTimeout) {
        return new SendGridEmailSender(
                new SendGridSettings(
                        sendGrid.baseUrl(),
                        EmailSenderContract.FROM,
                        EmailSettings.DEFAULT_CONNECT_TIMEOUT,
                        requestTimeout),
                key,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void givenMessage_whenSent_thenTheBodyIsExactlySendGridsDocumentedShapeWithTextBeforeHtml() {
        sender(() -> KEY).send(MESSAGE);

        JsonNode body = SendGridDouble.read(sendGrid.requests().get(0).getBodyAsString());
        assertThat(body).isEqualTo(SendGridDouble.read("""
                {
                  "personalizations": [{"to": [{"email": "alice@example.com"}]}],
                  "from": {"email": "no-reply@gaara.example", "name": "Gaara Test"},
                  "subject": "Reset your password",
                  "content": [
                    {"type": "text/plain", "value": "Open https://app.example/reset#token=t0ken"},
                    {"type": "text/html", "value": "<a href=\\"https://app.example/reset#token=t0ken\\">Reset</a>"}
                  ],
                  "tracking_settings": {"click_tracking": {"enable": false, "enable_text": false}}
                }
                """));
    }

    @Test
    void givenSenderWithoutDisplayNameAndTextOnlyMessage_whenSent_thenNeitherNameNorHtmlIsSent() {
        SendGridEmailSender sender = new SendGridEmailSender(
                new SendGridSettings(
                        sendGrid.baseUrl(),
                        FromAddress.parse("no-reply@gaara.example"),
                        EmailSettings.DEFAULT_CONNECT_TIMEOUT,
                        EmailSettings.DEFAULT_TIMEOUT),
                () -> KEY,
                Clock.systemUTC());

        sender.send(new EmailMessage(new Email("alice@example.com"), "Hi", "Text", null));

        JsonNode body = SendGridDouble.read(sendGrid.requests().get(0).getBodyAsString());
        assertThat(body.path("from").has("name")).isFalse();
        assertThat(body.path("content")).hasSize(1);
        assertThat(body.path("content").path(0).path("type").asText()).isEqualTo("text/plain");
    }

    @Test
    void givenKey_whenSent_thenItIsABearerTokenOnAJsonPost() {
        sender(() -> KEY).send(MESSAGE);

        LoggedRequest request = sendGrid.requests().get(0);
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getUrl()).isEqualTo("/v3/mail/send");
    }

    @Test
    void givenKeyRotated_whenSentAgain_thenTheNewKeyIsUsedWithoutARestart() {
        AtomicReference<String> secret = new AtomicReference<>("SG.old-key");
        SendGridEmailSender sender = sender(secret::get);
        sender.send(MESSAGE);

        secret.set("SG.new-key");
        sender.send(MESSAGE);

        assertThat(sendGrid.requests())
                .extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer SG.old-key", "Bearer SG.new-key");
    }

    @Test
    void givenBadRequest400_whenSent_thenNotRetryableAndSendGridsReasonsOnOneLine() {
        sendGrid.answerError(
                400,
                "The from address does not match a verified Sender Identity.",
                "Does not contain a valid address.\r\nSee the docs");

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.retryAfter()).isEmpty();
                })
                .hasMessage("sendgrid answered 400: The from address does not match a verified Sender Identity.; "
                        + "Does not contain a valid address. See the docs");
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 413})
    void givenAnotherClientError_whenSent_thenNotRetryableWithTheStatusNamed(int status) {
        sendGrid.answerError(status, "The provided authorization grant is invalid, expired, or revoked");

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isFalse())
                .hasMessageStartingWith("sendgrid answered " + status + ": The provided authorization grant");
    }

    @Test
    void givenTooManyRequests429WithRetryAfterSeconds_whenSent_thenRetryableAfterThatLong() {
        sendGrid.answer(aResponse().withStatus(429).withHeader("Retry-After", "7"));

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
                })
                .hasMessageStartingWith("sendgrid answered 429");
    }

    @Test
    void givenTooManyRequests429WithRetryAfterDate_whenSent_thenRetryableUntilThatTime() {
        sendGrid.answer(aResponse().withStatus(429).withHeader("Retry-After", "Tue, 01 Dec 2026 12:01:30 GMT"));

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(90)));
    }

    @Test
    void givenTooManyRequests429WithoutRetryAfter_whenSent_thenRetryableAtTheOutboxsOwnPace() {
        sendGrid.answer(aResponse().withStatus(429));

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .isInstanceOfSatisfying(EmailDeliveryException.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.retryAfter()).isEmpty();
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void givenServerError_whenSent_thenRetryable(int status) {
        sendGrid.answer(aResponse().withStatus(status).withBody("<html>upstream trouble</html>"));

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isTrue())
                // an answer that is not SendGrid's JSON is not repeated
                .hasMessage("sendgrid answered " + status + ": (no error detail)");
    }

    @Test
    void givenSendGridSlowerThanTheTimeout_whenSent_thenRetryable() {
        sendGrid.answer(aResponse().withStatus(202).withFixedDelay(5_000));

        assertThatThrownBy(() -> sender(() -> KEY, Duration.ofMillis(200)).send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("no answer within 200 ms");
    }

    @Test
    void givenSendGridEchoesTheKeyInAnError_whenReported_thenTheKeyIsNotInTheMessage() {
        sendGrid.answerError(401, "The API key " + KEY + " is not valid");

        assertThatThrownBy(() -> sender(() -> KEY).send(MESSAGE))
                .hasMessageNotContaining(KEY)
                .hasMessageContaining("[redacted]");
    }

    @Test
    void givenEmptyKey_whenSent_thenNotRetryableAndNoRequestIsMade() {
        assertThatThrownBy(() -> sender(() -> " ").send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining(SendGridEmailSender.API_KEY_SECRET);
        assertThat(sendGrid.requests()).isEmpty();
    }

    @Test
    void givenKeyWithALineBreak_whenSent_thenRefusedWithoutTheKeyInTheMessage() {
        assertThatThrownBy(() -> sender(() -> "SG.first\r\nX-Injected: yes").send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isFalse())
                .hasMessageNotContaining("SG.first")
                .hasMessageNotContaining("Injected");
        assertThat(sendGrid.requests()).isEmpty();
    }

    @Test
    void givenSecretsPlatformDown_whenSent_thenRetryableAndNoRequestIsMade() {
        assertThatThrownBy(() -> sender(() -> {
                            throw new IllegalStateException("secrets backend did not answer");
                        })
                        .send(MESSAGE))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining(SendGridEmailSender.API_KEY_SECRET);
        assertThat(sendGrid.requests()).isEmpty();
    }

    @Test
    void givenJdkHttpClientLoggingHeaders_whenBuilt_thenWarnsThatTheKeyWouldBePrinted() {
        String before = System.getProperty(SendGridEmailSender.JDK_HTTP_LOG_PROPERTY);
        System.setProperty(SendGridEmailSender.JDK_HTTP_LOG_PROPERTY, "headers");
        try (CapturedLogs logs = CapturedLogs.of(SendGridEmailSender.class.getName())) {
            sender(() -> KEY);

            assertThat(logs.events())
                    .anyMatch(e -> e.getLevel() == Level.WARN
                            && e.getFormattedMessage().contains(SendGridEmailSender.JDK_HTTP_LOG_PROPERTY));
        } finally {
            if (before == null) {
                System.clearProperty(SendGridEmailSender.JDK_HTTP_LOG_PROPERTY);
            } else {
                System.setProperty(SendGridEmailSender.JDK_HTTP_LOG_PROPERTY, before);
            }
        }
    }
}
