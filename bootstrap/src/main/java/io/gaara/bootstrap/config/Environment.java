package io.gaara.bootstrap.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Development runs with zero configuration; production refuses to start without real settings. */
public enum Environment {
    DEVELOPMENT,
    PRODUCTION;

    public static Environment parse(String text) {
        if (text == null || text.isBlank()) {
            return DEVELOPMENT;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "development", "dev" -> DEVELOPMENT;
            case "production", "prod" -> PRODUCTION;
            default ->
                throw new ConfigurationException("ENVIRONMENT must be one of "
                        + Arrays.stream(values())
                                .map(v -> v.name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(", "))
                        + "; got '" + text.strip() + "'");
        };
    }
}
