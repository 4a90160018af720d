package io.gaara.adapters.secrets;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secrets from environment variables, optionally layered over a {@code .env} file parsed by dotenv-java. The process
 * environment wins over the file, so an operator can override one entry without editing it. Names are looked up exactly
 * as given (e.g. {@code GAARA_JWT_SIGNING_KEY}).
 *
 * <p>Both layers are read once, at construction; a changed secret takes effect on restart. An empty value counts as
 * unset, so {@code KEY=} in the file or an empty variable (what {@code KEY=${KEY}} gives in a compose file when the
 * host has none) never becomes an empty key: the caller sees a missing secret instead, and an empty variable does not
 * hide the file's value.
 */
public final class EnvironmentSecretStore implements SecretStore {
    public static final String DEFAULT_DOTENV_FILENAME = ".env";

    private static final Logger log = LoggerFactory.getLogger(EnvironmentSecretStore.class);

    private final Map<String, String> environment;
    private final Map<String, String> dotenv;
    private final Path dotenvFile;

    /**
     * Process environment only.
     *
     * @param environment {@code System.getenv()} in production
     */
    public EnvironmentSecretStore(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        this.dotenv = Map.of();
        this.dotenvFile = null;
        log.info("secrets: from the process environment");
    }

    /**
     * Process environment over the file {@code directory/filename}; a missing file is fine (the environment alone
     * answers), a malformed one fails here with a message that names the file and the line number but never the line.
     *
     * @param environment {@code System.getenv()} in production
     * @param directory where the file is, e.g. {@code Path.of(".")}
     * @param filename usually {@link #DEFAULT_DOTENV_FILENAME}
     * @throws IllegalStateException when the file exists but cannot be read or parsed
     */
    public EnvironmentSecretStore(Map<String, String> environment, Path directory, String filename) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(filename, "filename");
        Path file = directory.resolve(filename).toAbsolutePath().normalize();
        // Checked here rather than with dotenv-java's ignoreIfMissing(): when the file is missing, dotenv-java
        // goes looking for one of that name on the classpath, and a .env packed into some jar must not become a secret.
        if (Files.isRegularFile(file)) {
            this.dotenv = parse(file);
            this.dotenvFile = file;
            log.info("secrets: from the process environment over {} ({} entries)", file, dotenv.size());
        } else {
            this.dotenv = Map.of();
            this.dotenvFile = null;
            log.info("secrets: no {}; from the process environment only", file);
        }
    }

    @Override
    public Optional<Secret> read(String name) {
        Objects.requireNonNull(name, "name");
        String value = environment.get(name);
        String layer = "environment";
        if (value == null || value.isEmpty()) {
            value = dotenv.get(name);
            layer = String.valueOf(dotenvFile);
        }
        if (value == null || value.isEmpty()) {
            log.debug("secret {} not set", name);
            return Optional.empty();
        }
        log.debug("secret {} read from {}", name, layer);
        // neither layer keeps versions: the id names the value in this process only, so that a logged id of a
        // DATABASE_URL is no oracle for its password; the JWT key rings derive the kid they share across replicas
        return Optional.of(new Secret(name, LocalVersionIds.of(value), value));
    }

    /** {@code "dotenv+env"} when a {@code .env} file was read, {@code "env"} otherwise. */
    @Override
    public String backendName() {
        return dotenvFile == null ? "env" : "dotenv+env";
    }

    @Override
    public String toString() {
        return "EnvironmentSecretStore[backend=" + backendName()
                + (dotenvFile == null ? "" : ", file=" + dotenvFile + ", fileEntries=" + dotenv.size()) + "]";
    }

    private static Map<String, String> parse(Path file) {
        List<DotenvEntry> entries;
        try {
            entries = List.copyOf(Dotenv.configure()
                    .directory(file.getParent().toString())
                    .filename(file.getFileName().toString())
                    .load()
                    .entries(Dotenv.Filter.DECLARED_IN_ENV_FILE));
        } catch (DotenvException e) {
            // dotenv-java puts the offending line, value and all, in its message, so neither the
            // message nor the exception travels on: a logged stack trace would print the cause too.
            throw new IllegalStateException(safeDescription(file, e), null);
        }
        Map<String, String> values = new HashMap<>();
        for (DotenvEntry entry : entries) {
            values.put(entry.getKey(), entry.getValue());
        }
        return Map.copyOf(values);
    }

    private static String safeDescription(Path file, DotenvException e) {
        String detail = e.getMessage() == null ? "" : e.getMessage();
        if (!detail.startsWith("Malformed entry")) {
            // an I/O failure: dotenv-java's message is the IOException's, which names the file only
            Throwable cause = e.getCause();
            return "cannot read secrets file " + file + ": "
                    + (cause == null ? "unreadable" : cause.getClass().getSimpleName());
        }
        String message = "secrets file " + file + " is malformed";
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return message + " (the offending line is not shown: it may hold a secret)";
        }
        // dotenv-java's message ends with the offending line, after a space or, inside a quoted
        // multi-line value, a newline; find it to report a line number, never its text
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.isBlank() && (detail.endsWith(" " + line) || detail.endsWith("\n" + line))) {
                String hint = line.strip().split("\\s+", 2)[0].equals("export")
                        ? "; the 'export' prefix is not supported"
                        : "; expected NAME=value, with double quotes around a value that contains # or spans lines";
                return message + ": line " + (i + 1) + " cannot be parsed" + hint
                        + " (the line is not shown: it may hold a secret)";
            }
        }
        return message + " (the offending line is not shown: it may hold a secret)";
    }
}
