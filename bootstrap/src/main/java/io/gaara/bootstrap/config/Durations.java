package io.gaara.bootstrap.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as operators write them: {@code 900}, {@code 90s}, {@code 15m}, {@code 12h}, {@code 14d} or ISO-8601
 * {@code PT15M}.
 */
final class Durations {
    private static final Pattern SHORT = Pattern.compile("^(\\d{1,9})\\s*(ms|s|m|h|d)?$");

    private Durations() {}

    static Duration parse(String name, String text) {
        String t = text.strip();
        Matcher m = SHORT.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(t);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(
                    name + " must be a duration such as 900, 15m, 14d or PT15M; got '" + t + "'");
        }
    }
}
