package io.gaara.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.fakes.InMemoryEmailOutbox;
import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailOutbox.OutboxCounts;
import io.gaara.application.port.out.email.EmailSender;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.domain.Email;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The relay's retry rules on the in-memory outbox: what is retried, when, and when it gives up. */
class EmailOutboxRelayTest {
    private static final EmailOutboxRelay.RetryPolicy POLICY =
            new EmailOutboxRelay.RetryPolicy(10, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofHours(1), 5);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final InMemoryEmailOutbox outbox = new InMemoryEmailOutbox();
    private final List<EmailMessage> sent = new ArrayList<>();
    private final List<RuntimeException> failures = new ArrayList<>();

    private final EmailSender sender = new EmailSender() {
        @Override
        public void send(EmailMessage message) {
            if (!failures.isEmpty()) {
                throw failures.remove(0);
            }
            sent.add(message);
        }

        @Override
        public String providerName() {
            return "test";
        }
    };

    private final EmailOutboxRelay relay = new EmailOutboxRelay(
            outbox,
            email -> new EmailMessage(email.to(), "Subject", "text " + email.params(), null),
            sender,
            clock,
            POLICY,
            new Random(7));

    private void enqueue() {
        outbox.enqueue(
                new OutboxEmail(
                        new Email("ann@example.com"), EmailTemplate.PASSWORD_CHANGED, Map.of("changed_at", "x")),
                clock.instant());
    }

    @Test
    void givenDueMessage_whenDelivered_thenSentOnceAndNotAgain() {
        enqueue();

        assertThat(relay.deliverDue()).isEqualTo(1);
        assertThat(relay.deliverDue()).isZero();

        assertThat(sent).hasSize(1);
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 1, 0));
    }

    @Test
    void givenProviderDownForAWhile_whenRetried_thenBackedOffWithJitterAndSentWhenItIsBack() {
        enqueue();
        failures.add(new EmailDeliveryException("test: HTTP 503", true, Duration.ZERO));
        failures.add(new EmailDeliveryException("test: HTTP 503", true, Duration.ZERO));

        relay.deliverDue();
        assertThat(relay.deliverDue()).as("not due before its backoff").isZero();
        clock.advance(Duration.ofSeconds(14));
        assertThat(relay.deliverDue())
                .as("jitter never goes under half the wait")
                .isZero();
        clock.advance(Duration.ofSeconds(16));
        relay.deliverDue(); // second failure: 30 to 60 s
        clock.advance(Duration.ofSeconds(60));
        relay.deliverDue();

        assertThat(sent).hasSize(1);
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 1, 0));
    }

    @Test
    void givenRetryAfter_whenThrottled_thenNotTriedBeforeIt() {
        enqueue();
        failures.add(new EmailDeliveryException("test: HTTP 429", true, Duration.ofMinutes(10)));

        relay.deliverDue();
        clock.advance(Duration.ofMinutes(9));
        assertThat(relay.deliverDue()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(relay.deliverDue()).isEqualTo(1);
        assertThat(sent).hasSize(1);
    }

    @Test
    void givenRefusedMessage_whenDelivered_thenFailedAtOnceNotRetried() {
        enqueue();
        failures.add(new EmailDeliveryException("test: HTTP 400, invalid from address", false, Duration.ZERO));

        relay.deliverDue();
        clock.advance(Duration.ofDays(1));

        assertThat(relay.deliverDue()).isZero();
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 0, 1));
        assertThat(relay.failedForGood()).as("counted for the server's warning").isEqualTo(1);
    }

    @Test
    void givenProviderNeverBack_whenAttemptsRunOut_thenGivenUpAndRecorded() {
        enqueue();
        for (int i = 0; i < POLICY.maxAttempts(); i++) {
            failures.add(new EmailDeliveryException("test: HTTP 500", true, Duration.ZERO));
        }
        for (int i = 0; i < 20; i++) {
            relay.deliverDue();
            clock.advance(Duration.ofHours(1));
        }

        assertThat(sent).isEmpty();
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 0, 1));
        assertThat(failures).as("exactly maxAttempts tries").isEmpty();
        assertThat(relay.failedForGood()).isEqualTo(1);
    }

    /** The relay passes the provider's words on as they came; the outbox keeps them as one line (its contract). */
    @Test
    void givenReasonOnSeveralLines_whenRetriedAndThenRefused_thenTheOutboxKeepsEachAsOneLine() {
        enqueue();
        failures.add(new EmailDeliveryException("test: 451 busy\r\nforged: line", true, Duration.ZERO));
        failures.add(new EmailDeliveryException(null, false, Duration.ZERO));

        relay.deliverDue();
        assertThat(outbox.messages().get(0).lastError()).isEqualTo("test: 451 busy  forged: line");
        clock.advance(Duration.ofMinutes(1));
        relay.deliverDue();

        assertThat(outbox.messages().get(0).lastError())
                .as("a reason without words still names the provider")
                .isEqualTo("test: EmailDeliveryException");
    }
}
