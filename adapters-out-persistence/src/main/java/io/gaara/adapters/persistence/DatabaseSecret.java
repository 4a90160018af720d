package io.gaara.adapters.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code DATABASE_URL} secret, in either shape it is kept: a {@code postgresql://user:pass@host/db} URL, or the
 * JSON that AWS's RDS rotation functions maintain ({@code {"username","password","host","port","dbname"}}). Also the
 * credentials source that lets the pool follow its rotation.
 */
public final class DatabaseSecret {
    public static final String NAME = "DATABASE_URL";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(DatabaseSecret.class);

    private DatabaseSecret() {}

    /** As {@link #parse(Secret, int, String)}, with no JDBC options. */
    public static PostgresSettings parse(Secret secret, int poolSize) {
        return parse(secret, poolSize, "");
    }

    /**
     * @param options JDBC parameters for the RDS JSON form (which has no place for them), e.g.
     *     {@code sslmode=verify-full}
     * @throws InvalidDatabaseSecretException when the value has neither shape; the message names the version, never the
     *     value
     */
    public static PostgresSettings parse(Secret secret, int poolSize, String options) {
        String value = secret.value().strip();
        try {
            if (value.startsWith("{")) {
                JsonNode node = JSON.readTree(value);
                String host = text(node, "host");
                String port = node.hasNonNull("port") ? node.get("port").asText() : "5432";
                String db = node.hasNonNull("dbname") ? node.get("dbname").asText() : "postgres";
                return new PostgresSettings(
                        "jdbc:postgresql://" + host + ":" + port + "/" + db + (options.isEmpty() ? "" : "?" + options),
                        text(node, "username"),
                        text(node, "password"),
                        poolSize);
            }
            return PostgresSettings.fromUrl(value, poolSize);
        } catch (Exception e) {
            // never the parser's message: it may quote the value, password included
            throw new InvalidDatabaseSecretException(
                    NAME + " version " + secret.versionId() + " is neither a postgresql:// URL nor "
                            + "a JSON object with username, password, host, port and dbname");
        }
    }

    private static String text(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            throw new IllegalArgumentException("missing " + field);
        }
        return node.get(field).asText();
    }

    /**
     * Logins for the pool, re-read from the backend each time PostgreSQL refuses the one in use: current (refreshed
     * first), then pending, then previous.
     */
    public static DatabaseCredentialsSource credentials(SecretStore store, Consumer<String> refreshNow, int poolSize) {
        return () -> {
            try {
                refreshNow.accept(NAME);
            } catch (RuntimeException e) {
                log.warn(
                        "could not refresh {} from {} ({}); trying the versions known",
                        NAME,
                        store.backendName(),
                        e.getClass().getSimpleName());
            }
            List<DatabaseCredentials> candidates = new ArrayList<>();
            for (SecretStage stage : List.of(SecretStage.CURRENT, SecretStage.PENDING, SecretStage.PREVIOUS)) {
                Optional<Secret> version;
                try {
                    version = store.readStage(NAME, stage);
                } catch (RuntimeException e) {
                    continue;
                }
                version.ifPresent(secret -> {
                    try {
                        PostgresSettings parsed = parse(secret, poolSize);
                        candidates.add(new DatabaseCredentials(parsed.user(), parsed.password(), secret.versionId()));
                    } catch (InvalidDatabaseSecretException e) {
                        log.warn("{} {} version {} is unusable: {}", NAME, stage, secret.versionId(), e.getMessage());
                    }
                });
            }
            return candidates;
        };
    }
}
