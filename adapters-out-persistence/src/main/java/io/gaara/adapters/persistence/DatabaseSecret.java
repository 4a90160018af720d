package io.gaara.adapters.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code DATABASE_URL} secret, in either shape it is kept: a {@code postgresql://user:pass@host/db} URL, or the
 * JSON that AWS's RDS rotation functions maintain ({@code {"username","password","host","port","dbname"}}). Also the
 * credentials source that lets the pool follow its rotation.
 */
public final class DatabaseSecret {
    public static final String NAME = "DATABASE_URL";
    /**
     * The optional login that owns the schema and runs the migrations at startup, in either shape; without it the
     * {@link #NAME} login migrates too.
     */
    public static final String MIGRATION_NAME = "DATABASE_MIGRATION_URL";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(DatabaseSecret.class);
    /** A DNS name (underscores allowed, as container names have them), an IPv4 address or a bracketed IPv6 one. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");

    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");

    private DatabaseSecret() {}

    /** As {@link #parse(Secret, int, String)}, with no JDBC options. */
    public static PostgresSettings parse(Secret secret, int poolSize) {
        return parse(secret, poolSize, "");
    }

    /**
     * @param options JDBC parameters for the RDS JSON form (which has no place for them), e.g.
     *     {@code sslmode=verify-full&sslrootcert=/etc/gaara/rds-ca.pem}; added to the URL form too, for each parameter
     *     its URL does not set itself
     * @throws InvalidDatabaseSecretException when the value has neither shape; the message names the version, never the
     *     value
     */
    public static PostgresSettings parse(Secret secret, int poolSize, String options) {
        String value = secret.value().strip();
        try {
            if (value.startsWith("{")) {
                JsonNode node = JSON.readTree(value);
                // the fields are composed into a URL: a host, port or name that could end the part it fills (a '?',
                // '/' or '&') would smuggle in driver parameters of its own, so each is checked or encoded
                String host = text(node, "host");
                String port = node.hasNonNull("port") ? text(node, "port") : "5432";
                if (!HOST.matcher(host).matches() || !PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
                    throw new IllegalArgumentException("not a host and port");
                }
                String db = node.hasNonNull("dbname") ? text(node, "dbname") : "postgres";
                // the driver percent-decodes the database name, so a '+' or '%' in it must be encoded too
                String path = URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20");
                return new PostgresSettings(
                        "jdbc:postgresql://" + host + ":" + port + "/" + path
                                + (options.isEmpty() ? "" : "?" + options),
                        text(node, "username"),
                        text(node, "password"),
                        poolSize);
            }
            return PostgresSettings.fromUrl(value, poolSize).withDefaultParameters(options);
        } catch (Exception e) {
            // never the parser's message: it may quote the value, password included
            throw new InvalidDatabaseSecretException(
                    secret.name() + " version " + secret.versionId() + " is neither a postgresql:// URL nor "
                            + "a JSON object with username, password, host, port and dbname");
        }
    }

    private static String text(JsonNode node, String field) {
        if (!node.hasNonNull(field) || !node.get(field).isValueNode()) {
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
