package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.email.SmtpSettings.TlsMode;
import io.gaara.application.port.out.email.EmailDeliveryException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that stops answering never holds the sender (and so the outbox worker) for longer than the timeout. */
class SmtpTimeoutTest {

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void givenServerThatTakesTheConnectionAndNeverAnswers_whenSent_thenRetryableTimeoutInsteadOfWaitingForever()
            throws IOException {
        // the kernel completes the TCP handshake into the backlog; nothing ever reads or writes
        try (ServerSocket silent = new ServerSocket(0, 10, Peers.LOOPBACK)) {
            SmtpEmailSender sender = new SmtpEmailSender(
                    SmtpSettings.of("127.0.0.1", silent.getLocalPort(), null, TlsMode.NONE, SmtpTlsTest.FROM)
                            .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)),
                    () -> null,
                    Clock.systemUTC());

            // without a read timeout the greeting is awaited forever, and the test's own timeout fails it
            assertThatThrownBy(() -> sender.send(SmtpTlsTest.MESSAGE))
                    .isInstanceOfSatisfying(
                            EmailDeliveryException.class,
                            e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("timed out");
        }
    }
}
