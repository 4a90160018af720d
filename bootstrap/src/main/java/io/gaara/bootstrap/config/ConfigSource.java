package io.gaara.bootstrap.config;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration as one map: {@code .env} in the working directory, overridden by non-empty process environment
 * variables (the same layering as the environment secret store).
 */
public final class ConfigSource {
    static final String DOTENV = ".env";

    private ConfigSource() {}

    public static Map<String, String> load(Path directory, Map<String, String> processEnvironment) {
        Map<String, String> merged = new HashMap<>();
        // dotenv-java falls back to a .env on the class path when the file is missing: check first
        if (Files.isRegularFile(directory.resolve(DOTENV))) {
            try {
                Dotenv dotenv = Dotenv.configure()
                        .directory(directory.toString())
                        .filename(DOTENV)
                        .load();
                for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
                    merged.put(entry.getKey(), entry.getValue());
                }
            } catch (RuntimeException e) {
                // dotenv's message quotes the offending line, and that line may hold a secret
                throw new ConfigurationException(
                        DOTENV + " in " + directory + " could not be parsed; check its syntax (KEY=value per line)");
            }
        }
        processEnvironment.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
