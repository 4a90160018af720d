package io.gaara.adapters.email;

import io.gaara.application.port.out.email.EmailSender;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

class FileEmailSenderContractTest extends EmailSenderContract {
    @TempDir
    Path dir;

    @Override
    protected EmailSender sender() {
        return new FileEmailSender(dir.resolve("outbox-mail"), FROM, Clock.systemUTC());
    }

    @Override
    protected List<ReceivedEmail> received() {
        return readAll(dir.resolve("outbox-mail"));
    }

    @Override
    protected EmailSender unreachableSender() {
        try {
            // a file where the directory should be: nothing can be written under it
            Path blocked = Files.writeString(dir.resolve("outbox-mail"), "not a directory");
            return new FileEmailSender(blocked.resolve("inner"), FROM, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected String providerName() {
        return "file";
    }

    /** Each .eml file under {@code dir}, parsed as a mail client would, in name order (oldest first). */
    static List<ReceivedEmail> readAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".eml"))
                    .sorted()
                    .map(FileEmailSenderContractTest::parse)
                    .map(ReceivedEmail::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MimeMessage parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
