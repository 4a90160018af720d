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

    /** As an operator would write it: {@code 0s}, {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}. */
    static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long seconds = d.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

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
