package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailSender;
import io.gaara.domain.Email;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EmailSender} promises, run against each adapter and its real peer: the message arrives whole (text
 * first, then HTML; non-ASCII intact; from the configured sender), and an unreachable peer is a retryable failure.
 */
abstract class EmailSenderContract {
    static final FromAddress FROM = FromAddress.parse("Gaara Test <no-reply@gaara.example>");
    static final Email TO = new Email("alice@example.com");

    /** A sender whose peer is up. */
    protected abstract EmailSender sender();

    /** Every message the peer received, oldest first. */
    protected abstract List<ReceivedEmail> received();

    /** A sender of the same kind whose peer cannot be reached. */
    protected abstract EmailSender unreachableSender();

    protected abstract String providerName();

    @Test
    void givenTextAndHtml_whenSent_thenPeerHasBothInThatOrderFromTheConfiguredSender() {
        sender().send(new EmailMessage(
                TO,
                "Reset your password",
                "Open https://app.example/reset#token=abc",
                "<p><a href=\"https://app.example/reset#token=abc\">Reset</a></p>"));

        List<ReceivedEmail> received = received();
        assertThat(received).hasSize(1);
        ReceivedEmail email = received.get(0);
        assertThat(email.to()).containsExactly("alice@example.com");
        assertThat(email.fromAddress()).isEqualTo("no-reply@gaara.example");
        assertThat(email.fromName()).isEqualTo("Gaara Test");
        assertThat(email.subject()).isEqualTo("Reset your password");
        assertThat(email.contentTypes()).containsExactly("text/plain", "text/html");
        assertThat(email.text().strip()).isEqualTo("Open https://app.example/reset#token=abc");
        assertThat(email.html().strip()).isEqualTo("<p><a href=\"https://app.example/reset#token=abc\">Reset</a></p>");
    }

    @Test
    void givenTextOnly_whenSent_thenPeerHasTextAndNoHtml() {
        sender().send(new EmailMessage(TO, "Plain", "Just text.", null));

        ReceivedEmail email = received().get(0);
        assertThat(email.contentTypes()).containsExactly("text/plain");
        assertThat(email.text().strip()).isEqualTo("Just text.");
        assertThat(email.html()).isNull();
    }

    @Test
    void givenNonAsciiSubjectAndBodies_whenSent_thenPeerHasThemIntact() {
        String subject = "Réinitialisez votre mot de passe — ✓ 日本";
        String text = "Grüße, Zoë: ouvrez ce lien — https://app.example/r?t=1&u=2\nDeuxième ligne ✓";
        String html = "<p>Grüße, Zoë — ✓ 日本</p>";

        sender().send(new EmailMessage(TO, subject, text, html));

        ReceivedEmail email = received().get(0);
        assertThat(email.subject()).isEqualTo(subject);
        assertThat(email.text().strip().replace("\r\n", "\n")).isEqualTo(text);
        assertThat(email.html().strip()).isEqualTo(html);
    }

    @Test
    void givenPeerUnreachable_whenSent_thenRetryableDeliveryExceptionAndNothingArrives() {
        EmailSender unreachable = unreachableSender();

        assertThatThrownBy(() -> unreachable.send(new EmailMessage(TO, "Lost?", "Not lost.", null)))
                .isInstanceOfSatisfying(
                        EmailDeliveryException.class,
                        e -> assertThat(e.retryable()).isTrue())
                .hasMessageStartingWith(providerName());
        assertThat(received()).isEmpty();
    }

    @Test
    void providerName_isTheNameUsedInConfiguration() {
        assertThat(sender().providerName()).isEqualTo(providerName());
    }
}
