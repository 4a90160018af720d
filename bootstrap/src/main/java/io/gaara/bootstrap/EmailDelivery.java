package io.gaara.bootstrap;

import io.gaara.adapters.email.EmailSettings;
import io.gaara.adapters.email.FileEmailSender;
import io.gaara.adapters.email.SendGridEmailSender;
import io.gaara.adapters.email.SmtpEmailSender;
import io.gaara.adapters.email.TemplateEmailRenderer;
import io.gaara.adapters.secrets.cache.CachingSecretStore;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailSender;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.service.EmailOutboxRelay;
import io.gaara.bootstrap.config.ConfigurationException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The email side of the server: the sender the settings name, the template renderer, and the outbox relay run once a
 * second on a daemon thread of its own (and again at once while batches come back full). Keys and passwords are read
 * through the secrets cache at each send, so a rotated SendGrid key needs no restart.
 */
final class EmailDelivery implements AutoCloseable {
    static final Duration POLL = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(EmailDelivery.class);

    private final EmailOutboxRelay relay;
    private final ScheduledExecutorService worker;
    private final String provider;
    private String lastFailure;
    private long failedLogged;

    private EmailDelivery(EmailOutboxRelay relay, String provider) {
        this.relay = relay;
        this.provider = provider;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "gaara-email-outbox");
            thread.setDaemon(true);
            return thread;
        });
        this.worker = executor;
    }

    static EmailDelivery start(
            EmailSettings settings, Path dataDir, CachingSecretStore secrets, EmailOutbox outbox, Clock clock) {
        EmailSender sender = switch (settings.provider()) {
            case SENDGRID -> {
                // at startup, so that a missing key stops the server rather than every email
                required(secrets, SendGridEmailSender.API_KEY_SECRET);
                yield new SendGridEmailSender(
                        settings.sendGrid(), () -> required(secrets, SendGridEmailSender.API_KEY_SECRET), clock);
            }
            case SMTP ->
                new SmtpEmailSender(
                        settings.smtp(),
                        () -> secrets.read(SmtpEmailSender.PASSWORD_SECRET)
                                .map(Secret::value)
                                .orElse(null),
                        clock);
            case FILE -> new FileEmailSender(dataDir.resolve("mail"), settings.from(), clock);
        };
        EmailOutboxRelay relay = new EmailOutboxRelay(
                outbox,
                new TemplateEmailRenderer(settings.templates()),
                sender,
                clock,
                EmailOutboxRelay.RetryPolicy.DEFAULT,
                new SecureRandom());
        EmailDelivery delivery = new EmailDelivery(relay, sender.providerName());
        delivery.worker.scheduleWithFixedDelay(
                delivery::drain, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
        log.info("email: {} provider, outbox drained every {}", sender.providerName(), POLL);
        return delivery;
    }

    /** Sends what is due until a batch comes back short; a failing database is logged once per kind and retried. */
    private void drain() {
        try {
            while (relay.deliverDue() == relay.batchSize()) {
                // a full batch: there may be more waiting
            }
            if (lastFailure != null) {
                log.info("email: outbox reachable again");
                lastFailure = null;
            }
            long failed = relay.failedForGood();
            if (failed > failedLogged) {
                // the reasons (the provider's status and words, never a body or a token) are in email_outbox.last_error
                log.warn(
                        "email: {} more message(s) failed for good ({} since start); see email_outbox.last_error",
                        failed - failedLogged,
                        failed);
                failedLogged = failed;
            }
        } catch (RuntimeException e) {
            String kind = e.getClass().getSimpleName();
            if (!kind.equals(lastFailure)) {
                log.warn("email: cannot drain the outbox ({}); messages wait there and are sent later", kind);
                lastFailure = kind;
            }
        }
    }

    private static String required(CachingSecretStore secrets, String name) {
        return secrets.read(name)
                .map(Secret::value)
                .orElseThrow(() -> new ConfigurationException(name + " is required with "
                        + EmailSettings.PROVIDER
                        + "=sendgrid: a SendGrid API key with the Mail Send permission, in the "
                        + "secrets backend (" + secrets.backendName() + ")"));
    }

    /** Stops the worker; a message being sent finishes, whatever is left waits in the outbox. */
    @Override
    public void close() {
        Workers.stop(worker);
        log.info("email: {} outbox worker stopped", provider);
    }
}
