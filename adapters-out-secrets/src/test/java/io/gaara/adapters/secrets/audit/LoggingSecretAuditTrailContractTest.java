package io.gaara.adapters.secrets.audit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gaara.application.contract.secrets.SecretAuditTrailContract;
import io.gaara.application.port.out.secrets.SecretAccessEvent;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link SecretAuditTrail} contract on {@link LoggingSecretAuditTrail}, read back from the key-value pairs of the
 * lines on its logger. Levels and messages are {@link LoggingSecretAuditTrailTest}'s job.
 */
class LoggingSecretAuditTrailContractTest extends SecretAuditTrailContract {
    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.perTest(LoggingSecretAuditTrail.LOGGER_NAME);

    @Override
    protected SecretAuditTrail createSecretAuditTrail() {
        return new LoggingSecretAuditTrail();
    }

    /** Lines at INFO or above: the server logs at INFO unless told otherwise, so a DEBUG line is an event lost. */
    @Override
    protected List<SecretAccessEvent> recorded() {
        return logs.from(LoggingSecretAuditTrail.LOGGER_NAME).stream()
                .filter(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
                .map(LoggingSecretAuditTrailContractTest::event)
                .toList();
    }

    /** {@code latency_ms}: whole milliseconds, cut down as {@link Duration#toMillis} does. */
    @Override
    protected Duration latencyResolution() {
        return Duration.ofMillis(1);
    }

    /** Keys left out (no version read, no cache outcome, no detail) read back as null. */
    private static SecretAccessEvent event(ILoggingEvent line) {
        Map<String, String> fields = CapturedLogs.fields(line);
        return new SecretAccessEvent(
                Instant.parse(fields.get("occurred_at")),
                SecretAccessEvent.Kind.valueOf(fields.get("event").toUpperCase(Locale.ROOT)),
                fields.get("name"),
                fields.get("backend"),
                fields.get("version_id"),
                fields.get("cache"),
                Duration.ofMillis(Long.parseLong(fields.get("latency_ms"))),
                fields.get("detail"));
    }
}
