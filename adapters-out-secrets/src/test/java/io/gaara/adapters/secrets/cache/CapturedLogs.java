package io.gaara.adapters.secrets.cache;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** Everything logged anywhere while open, at DEBUG for Gaara's loggers, so a test sees the most that could ever be written. */
final class CapturedLogs implements AutoCloseable {
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger gaara = (Logger) LoggerFactory.getLogger("io.gaara");
    private final Logger audit = (Logger) LoggerFactory.getLogger(LoggingSecretAuditTrail.LOGGER_NAME);
    private final Level gaaraLevel = gaara.getLevel();
    private final Level auditLevel = audit.getLevel();

    CapturedLogs() {
        appender.start();
        root.addAppender(appender);
        gaara.setLevel(Level.DEBUG);
        audit.setLevel(Level.DEBUG);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    List<ILoggingEvent> from(String loggerName) {
        return events().stream().filter(e -> e.getLoggerName().equals(loggerName)).toList();
    }

    static Map<String, String> fields(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value)));
    }

    /** All text an encoder could print for these events: message, arguments, key-value pairs, exceptions and their causes. */
    String everything() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : events()) {
            all.append(e.getFormattedMessage()).append('\n');
            all.append(fields(e)).append('\n');
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    all.append(arg).append('\n');
                }
            }
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                all.append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        gaara.setLevel(gaaraLevel);
        audit.setLevel(auditLevel);
    }
}
