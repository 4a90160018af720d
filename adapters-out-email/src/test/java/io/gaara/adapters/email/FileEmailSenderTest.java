package io.gaara.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.domain.Email;
import io.gaara.testsupport.MutableClock;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development files: readable by their owner only, named oldest first, whole RFC 5322 messages. */
class FileEmailSenderTest {
    static final Instant START = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);

    private static EmailMessage message(String subject) {
        return new EmailMessage(new Email("alice@example.com"), subject, "Open https://x.example/#token=t", null);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void givenMessage_whenWritten_thenOnlyItsOwnerCanReadIt() throws IOException {
        new FileEmailSender(dir, EmailSenderContract.FROM, clock).send(message("One"));

        assertThat(Files.getPosixFilePermissions(files().get(0)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void givenMessagesOverTime_whenListed_thenTheyAreInTheOrderSentAndNothingHalfWrittenIsLeft() throws IOException {
        FileEmailSender sender = new FileEmailSender(dir, EmailSenderContract.FROM, clock);
        for (String subject : List.of("First", "Second", "Third")) {
            sender.send(message(subject));
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(files()).allMatch(f -> f.getFileName().toString().endsWith(".eml"));
        assertThat(FileEmailSenderContractTest.readAll(dir))
                .extracting(ReceivedEmail::subject)
                .containsExactly("First", "Second", "Third");
    }

    @Test
    void givenMessage_whenWritten_thenItCarriesTheClocksDateAndAMessageIdAtTheSendersDomain()
            throws IOException, MessagingException {
        new FileEmailSender(dir, EmailSenderContract.FROM, clock).send(message("One"));

        MimeMessage parsed = FileEmailSenderContractTest.parse(files().get(0));
        assertThat(parsed.getSentDate().toInstant()).isEqualTo(START);
        assertThat(parsed.getMessageID()).endsWith("@gaara.example>");
    }
}
