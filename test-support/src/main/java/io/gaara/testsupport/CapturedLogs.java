package io.gaara.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Everything logged while open, with the named loggers raised so a test sees the most that could ever be written. Open
 * it in a try-with-resources block ({@link #everything}, {@link #of}), or register it as a JUnit extension
 * ({@link #perTest}), which also fails the test when a value {@linkplain #plant planted} as secret appears in any line.
 */
public final class CapturedLogs implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private final List<String> raised;
    private final Level level;
    private final List<String> scope;
    private final List<Level> savedLevels = new ArrayList<>();
    private final List<String> planted = new ArrayList<>();
    private ListAppender<ILoggingEvent> appender;

    private CapturedLogs(List<String> raised, Level level, List<String> scope) {
        this.raised = List.copyOf(raised);
        this.level = level;
        this.scope = List.copyOf(scope);
    }

    /** Every logger's events, with {@code io.gaara} and the given loggers raised to DEBUG; open until closed. */
    public static CapturedLogs everything(String... alsoRaised) {
        List<String> names = new ArrayList<>(List.of("io.gaara"));
        names.addAll(List.of(alsoRaised));
        CapturedLogs logs = new CapturedLogs(names, Level.DEBUG, List.of());
        logs.open();
        return logs;
    }

    /** The events of one logger (the root logger: of all) and its children, raised to TRACE; open until closed. */
    public static CapturedLogs of(String loggerName) {
        boolean root = Logger.ROOT_LOGGER_NAME.equals(loggerName);
        CapturedLogs logs = new CapturedLogs(List.of(loggerName), Level.TRACE, root ? List.of() : List.of(loggerName));
        logs.open();
        return logs;
    }

    /**
     * A JUnit extension capturing every logger during each test, {@code io.gaara} and the given loggers raised to
     * DEBUG.
     */
    public static CapturedLogs perTest(String... alsoRaised) {
        List<String> names = new ArrayList<>(List.of("io.gaara"));
        names.addAll(List.of(alsoRaised));
        return new CapturedLogs(names, Level.DEBUG, List.of());
    }

    private void open() {
        appender = new ListAppender<>();
        appender.start();
        root().addAppender(appender);
        for (String name : raised) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            savedLevels.add(logger.getLevel());
            logger.setLevel(level);
        }
    }

    /** Remembers {@code value} as one that must never be logged, and returns it. */
    public String plant(String value) {
        planted.add(value);
        return value;
    }

    public List<ILoggingEvent> events() {
        return appender.list.stream().filter(this::inScope).toList();
    }

    /** The events of exactly this logger. */
    public List<ILoggingEvent> from(String loggerName) {
        return events().stream()
                .filter(e -> e.getLoggerName().equals(loggerName))
                .toList();
    }

    /** An event's key-value pairs (the audit trails write their fields this way). */
    public static Map<String, String> fields(ILoggingEvent event) {
        List<KeyValuePair> pairs = event.getKeyValuePairs() == null ? List.of() : event.getKeyValuePairs();
        return pairs.stream().collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value)));
    }

    /** Every event as one line each: logger, message, key-value pairs, and the whole stack trace. */
    public List<String> lines() {
        return events().stream().map(CapturedLogs::render).toList();
    }

    /** All text an encoder could print for these events: {@link #lines()} plus the raw arguments. */
    public String allText() {
        StringBuilder all = new StringBuilder();
        for (ILoggingEvent e : events()) {
            all.append(render(e)).append('\n');
            if (e.getArgumentArray() != null) {
                for (Object arg : e.getArgumentArray()) {
                    all.append(arg).append('\n');
                }
            }
        }
        return all.toString();
    }

    private static String render(ILoggingEvent e) {
        StringBuilder out = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        if (e.getKeyValuePairs() != null) {
            e.getKeyValuePairs()
                    .forEach(kv -> out.append(' ').append(kv.key).append('=').append(kv.value));
        }
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            out.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
        }
        if (e.getThrowableProxy() != null) {
            out.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
        }
        return out.toString();
    }

    private boolean inScope(ILoggingEvent e) {
        if (scope.isEmpty()) {
            return true;
        }
        String name = e.getLoggerName();
        return scope.stream().anyMatch(s -> name.equals(s) || name.startsWith(s + ".") || name.startsWith(s + "$"));
    }

    @Override
    public void close() {
        root().detachAppender(appender);
        for (int i = 0; i < savedLevels.size(); i++) {
            ((Logger) LoggerFactory.getLogger(raised.get(i))).setLevel(savedLevels.get(i));
        }
        savedLevels.clear();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        open();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
        List<String> lines = lines();
        for (String value : planted) {
            assertThat(lines).as("logged lines").noneMatch(line -> line.contains(value));
        }
        planted.clear();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    }
}
