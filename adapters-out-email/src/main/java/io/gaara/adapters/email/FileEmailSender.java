package io.gaara.adapters.email;

import io.gaara.application.port.out.email.EmailDeliveryException;
import io.gaara.application.port.out.email.EmailMessage;
import io.gaara.application.port.out.email.EmailSender;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development delivery: each message becomes a {@code .eml} file (RFC 5322, what a mail client opens) in one directory,
 * named so that a listing sorts oldest first. The log line says where, to whom and what subject; the file alone holds
 * the body and its link, and is readable by its owner only where the file system has POSIX permissions.
 */
public final class FileEmailSender implements EmailSender {
    private static final Logger log = LoggerFactory.getLogger(FileEmailSender.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final Path directory;
    private final FromAddress from;
    private final Clock clock;
    private final Session session;

    /**
     * @param directory where the files go, created when missing ({@code GAARA_DATA_DIR/outbox-mail}, say)
     * @param from the sender written in each message
     */
    public FileEmailSender(Path directory, FromAddress from, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
        this.from = Objects.requireNonNull(from, "from");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.session = Session.getInstance(MimeMessages.baseProperties(from));
    }

    /** Where the files go. */
    public Path directory() {
        return directory;
    }

    @Override
    public void send(EmailMessage message) {
        Instant now = clock.instant();
        Path file = directory.resolve(FILE_TIME.format(now) + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".eml");
        Path partial = directory.resolve("." + file.getFileName() + ".partial");
        try {
            MimeMessage mime = MimeMessages.build(session, from, message, now);
            Files.createDirectories(directory);
            createPrivate(partial);
            try (OutputStream out = Files.newOutputStream(partial)) {
                mime.writeTo(out);
            }
            // a reader of the directory never sees half a message
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | MessagingException e) {
            deleteQuietly(partial);
            throw new EmailDeliveryException(
                    "file: could not write a message under " + directory + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    true,
                    e);
        }
        log.info("email to {} written to {} (subject: {})", message.to(), file, message.subject());
    }

    @Override
    public String providerName() {
        return "file";
    }

    private static void createPrivate(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn(
                    "could not remove the partial file {}: {}",
                    file,
                    e.getClass().getSimpleName());
        }
    }
}
