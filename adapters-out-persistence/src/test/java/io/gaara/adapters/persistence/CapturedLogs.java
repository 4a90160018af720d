package io.gaara.adapters.persistence;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Captures what a logger (and its children) emits, at every level, until closed. */
final class CapturedLogs implements AutoCloseable {
    private final Logger logger;
    private final Level previousLevel;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    CapturedLogs(String loggerName) {
        logger = (Logger) LoggerFactory.getLogger(loggerName);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.TRACE);
        appender.start();
        logger.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Every event rendered as text: message, key-values and the whole exception chain. */
    String allText() {
        return events().stream().map(CapturedLogs::render).collect(Collectors.joining("\n"));
    }

    private static String render(ILoggingEvent e) {
        StringBuilder out = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs().forEach(kv -> out.append(' ').append(kv.key).append('=').append(kv.value));
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            out.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previousLevel);
    }
}
