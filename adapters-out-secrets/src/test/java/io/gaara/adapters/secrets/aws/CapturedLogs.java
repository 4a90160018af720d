package io.gaara.adapters.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Captures everything logged during a test, the adapters at DEBUG and the AWS SDK at DEBUG too,
 * and fails the test if a value it planted appears in any message or stack trace.
 */
final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    private static final String[] VERBOSE = {"io.gaara", "software.amazon.awssdk"};

    private final List<String> planted = new ArrayList<>();
    private final List<Level> savedLevels = new ArrayList<>();
    private ListAppender<ILoggingEvent> appender;

    /** Remembers {@code value} as one that must never be logged, and returns it. */
    String plant(String value) {
        planted.add(value);
        return value;
    }

    /** Every captured line, message and stack trace, as it would be written. */
    List<String> lines() {
        return appender.list.stream()
                .map(e -> e.getLoggerName() + " " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(e.getThrowableProxy())))
                .toList();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        appender = new ListAppender<>();
        appender.start();
        root().addAppender(appender);
        for (String name : VERBOSE) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            savedLevels.add(logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        for (int i = 0; i < VERBOSE.length; i++) {
            ((Logger) LoggerFactory.getLogger(VERBOSE[i])).setLevel(savedLevels.get(i));
        }
        savedLevels.clear();
        List<String> lines = lines();
        for (String value : planted) {
            assertThat(lines).as("logged lines").noneMatch(line -> line.contains(value));
        }
        planted.clear();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
