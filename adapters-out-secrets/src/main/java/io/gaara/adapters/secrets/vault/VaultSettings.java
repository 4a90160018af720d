package io.gaara.adapters.secrets.vault;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where Vault is and how Gaara logs in to it, read once from configuration so that a bad value fails at startup with
 * the variable's name in the message; {@code toString} never shows a token, a role id or a secret id.
 *
 * <p>Secrets live in a KV version 2 engine at {@code kvMount}, one KV secret per logical name at
 * {@code <pathPrefix>/<NAME>} holding the value in the field {@code value}. One secret per name, rather than one secret
 * holding every name as a field, gives each name its own version history: rotating {@code JWT_SECRET_KEY} then makes
 * exactly one new version of exactly that key, so its version (the JWT {@code kid}) changes only when the key does, and
 * a check-and-set write cannot conflict with an operator rotating a different key.
 *
 * @param address {@code VAULT_ADDR}, e.g. {@code https://vault.internal:8200}
 * @param namespace {@code VAULT_NAMESPACE} (Vault Enterprise), or null
 * @param auth how to obtain a Vault token
 * @param kvMount the KV v2 mount, without slashes ({@code secret})
 * @param pathPrefix the folder holding one secret per name ({@code gaara/production})
 * @param connectTimeout TCP connect timeout
 * @param readTimeout time to wait for Vault's answer
 * @param caCertificate a PEM file of CA certificates to trust for Vault's TLS, or null for the JDK's trust store
 */
public record VaultSettings(
        URI address,
        String namespace,
        Auth auth,
        String kvMount,
        String pathPrefix,
        Duration connectTimeout,
        Duration readTimeout,
        Path caCertificate) {

    public static final String VAULT_ADDR = "VAULT_ADDR";
    public static final String VAULT_NAMESPACE = "VAULT_NAMESPACE";
    public static final String VAULT_TOKEN = "VAULT_TOKEN";
    public static final String VAULT_CACERT = "VAULT_CACERT";
    public static final String VAULT_ROLE_ID = "VAULT_ROLE_ID";
    public static final String VAULT_SECRET_ID = "VAULT_SECRET_ID";
    public static final String VAULT_SECRET_ID_FILE = "GAARA_VAULT_SECRET_ID_FILE";
    public static final String AUTH_METHOD = "GAARA_VAULT_AUTH";
    public static final String APPROLE_MOUNT = "GAARA_VAULT_APPROLE_MOUNT";
    public static final String KUBERNETES_ROLE = "GAARA_VAULT_KUBERNETES_ROLE";
    public static final String KUBERNETES_MOUNT = "GAARA_VAULT_KUBERNETES_MOUNT";
    public static final String KUBERNETES_JWT_FILE = "GAARA_VAULT_KUBERNETES_JWT_FILE";
    public static final String KV_MOUNT = "GAARA_VAULT_KV_MOUNT";
    public static final String PATH_PREFIX = "GAARA_VAULT_PATH_PREFIX";
    public static final String CONNECT_TIMEOUT = "GAARA_VAULT_CONNECT_TIMEOUT";
    public static final String READ_TIMEOUT = "GAARA_VAULT_READ_TIMEOUT";

    public static final Path DEFAULT_KUBERNETES_JWT_FILE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);
    /** The longest connect or read timeout: as for email, past it an outage would hold startup and requests. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

    private static final Pattern MOUNT = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    /** How Gaara obtains its Vault token. */
    public sealed interface Auth permits TokenAuth, AppRoleAuth, KubernetesAuth {
        /** The method's name as written in {@value #AUTH_METHOD}. */
        String method();
    }

    /** A token given to the process ({@code VAULT_TOKEN}); it is renewed while renewable, never revoked by Gaara. */
    public record TokenAuth(String token) implements Auth {
        public TokenAuth {
            requireText(token, VAULT_TOKEN);
        }

        @Override
        public String method() {
            return "token";
        }

        @Override
        public String toString() {
            return "TokenAuth[token=redacted]";
        }
    }

    /**
     * AppRole login at {@code auth/<mount>/login}; the token it yields is renewed or replaced by a new login, and
     * revoked on close. The secret id is given ({@code secretId}) or read from a file at every login
     * ({@code secretIdFile}), so that a new one can be put in place while the server runs; exactly one of the two.
     */
    public record AppRoleAuth(String mount, String roleId, String secretId, Path secretIdFile) implements Auth {
        public AppRoleAuth {
            requireMount(mount, APPROLE_MOUNT);
            requireText(roleId, VAULT_ROLE_ID);
            if ((secretId == null || secretId.isBlank()) == (secretIdFile == null)) {
                throw new IllegalArgumentException(
                        "AppRole needs exactly one of " + VAULT_SECRET_ID + " and " + VAULT_SECRET_ID_FILE);
            }
        }

        public AppRoleAuth(String mount, String roleId, String secretId) {
            this(mount, roleId, secretId, null);
        }

        @Override
        public String method() {
            return "approle";
        }

        @Override
        public String toString() {
            return "AppRoleAuth[mount=" + mount + ", roleId=redacted, secretId="
                    + (secretIdFile == null ? "redacted" : "file " + secretIdFile) + "]";
        }
    }

    /** Kubernetes login at {@code auth/<mount>/login} with the pod's service account JWT, re-read at every login. */
    public record KubernetesAuth(String mount, String role, Path jwtFile) implements Auth {
        public KubernetesAuth {
            requireMount(mount, KUBERNETES_MOUNT);
            requireText(role, KUBERNETES_ROLE);
            Objects.requireNonNull(jwtFile, KUBERNETES_JWT_FILE);
        }

        @Override
        public String method() {
            return "kubernetes";
        }
    }

    public VaultSettings {
        Objects.requireNonNull(address, VAULT_ADDR);
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null) {
            throw new IllegalArgumentException(
                    VAULT_ADDR + " must be an http(s) URL such as https://vault.internal:8200");
        }
        Objects.requireNonNull(auth, AUTH_METHOD);
        requireMount(kvMount, KV_MOUNT);
        requireMount(pathPrefix, PATH_PREFIX);
        requireTimeout(connectTimeout, CONNECT_TIMEOUT);
        requireTimeout(readTimeout, READ_TIMEOUT);
        if (namespace != null && namespace.isBlank()) {
            namespace = null;
        }
    }

    /**
     * Reads the settings from configuration (the process environment in production), failing with an
     * {@link IllegalArgumentException} that names the variable at fault.
     *
     * <p>Variables: {@value #VAULT_ADDR} (required); {@value #AUTH_METHOD} = {@code token} (default) | {@code approle}
     * | {@code kubernetes}; {@value #VAULT_TOKEN}; {@value #VAULT_ROLE_ID}, {@value #VAULT_SECRET_ID} or
     * {@value #VAULT_SECRET_ID_FILE} (re-read at each login), {@value #APPROLE_MOUNT} (default {@code approle});
     * {@value #KUBERNETES_ROLE}, {@value #KUBERNETES_JWT_FILE} (default the pod's service account token),
     * {@value #KUBERNETES_MOUNT} (default {@code kubernetes}); {@value #VAULT_NAMESPACE}; {@value #VAULT_CACERT};
     * {@value #KV_MOUNT} (default {@code secret}); {@value #PATH_PREFIX} (default {@code gaara/<environment>});
     * {@value #CONNECT_TIMEOUT} (default 2s) and {@value #READ_TIMEOUT} (default 5s), written {@code 500ms},
     * {@code 5s}, {@code 1m} or ISO-8601.
     *
     * @param environment the deployment's name ({@code production}), used in the default path prefix
     */
    public static VaultSettings fromConfig(Map<String, String> config, String environment) {
        Objects.requireNonNull(config, "config");
        requireText(environment, "environment");
        String address = value(config, VAULT_ADDR);
        if (address == null) {
            throw new IllegalArgumentException(
                    VAULT_ADDR + " is required for the vault secrets backend (e.g. https://vault.internal:8200)");
        }
        String method =
                Objects.requireNonNullElse(value(config, AUTH_METHOD), "token").toLowerCase(Locale.ROOT);
        Auth auth = switch (method) {
            case "token" -> new TokenAuth(required(config, VAULT_TOKEN, "with " + AUTH_METHOD + "=token"));
            case "approle" -> appRole(config);
            case "kubernetes" ->
                new KubernetesAuth(
                        valueOr(config, KUBERNETES_MOUNT, "kubernetes"),
                        required(config, KUBERNETES_ROLE, "with " + AUTH_METHOD + "=kubernetes"),
                        Path.of(valueOr(config, KUBERNETES_JWT_FILE, DEFAULT_KUBERNETES_JWT_FILE.toString())));
            default ->
                throw new IllegalArgumentException(
                        AUTH_METHOD + " must be one of token, approle, kubernetes (was '" + method + "')");
        };
        String caCert = value(config, VAULT_CACERT);
        return new VaultSettings(
                uri(stripSlashes(address)),
                value(config, VAULT_NAMESPACE),
                auth,
                stripSlashes(valueOr(config, KV_MOUNT, "secret")),
                stripSlashes(valueOr(config, PATH_PREFIX, "gaara/" + environment.strip())),
                duration(config, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
                duration(config, READ_TIMEOUT, DEFAULT_READ_TIMEOUT),
                caCert == null ? null : Path.of(caCert));
    }

    private static AppRoleAuth appRole(Map<String, String> config) {
        String secretId = value(config, VAULT_SECRET_ID);
        String secretIdFile = value(config, VAULT_SECRET_ID_FILE);
        if (secretId != null && secretIdFile != null) {
            throw new IllegalArgumentException(
                    "set one of " + VAULT_SECRET_ID + " and " + VAULT_SECRET_ID_FILE + ", not both");
        }
        if (secretId == null && secretIdFile == null) {
            throw new IllegalArgumentException(
                    VAULT_SECRET_ID + " or " + VAULT_SECRET_ID_FILE + " is required with " + AUTH_METHOD + "=approle");
        }
        return new AppRoleAuth(
                valueOr(config, APPROLE_MOUNT, "approle"),
                required(config, VAULT_ROLE_ID, "with " + AUTH_METHOD + "=approle"),
                secretId,
                secretIdFile == null ? null : Path.of(secretIdFile));
    }

    /** The same settings logging in another way (tests, and operators' tools that log in differently). */
    public VaultSettings withAuth(Auth newAuth) {
        return new VaultSettings(
                address, namespace, newAuth, kvMount, pathPrefix, connectTimeout, readTimeout, caCertificate);
    }

    @Override
    public String toString() {
        return "VaultSettings[address=" + address + ", namespace=" + namespace + ", auth=" + auth + ", kv=" + kvMount
                + ", pathPrefix=" + pathPrefix + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout
                + ", caCertificate=" + caCertificate + "]";
    }

    private static URI uri(String address) {
        try {
            return new URI(address);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(VAULT_ADDR + " is not a URL (" + e.getReason() + ")");
        }
    }

    private static Duration duration(Map<String, String> config, String key, Duration fallback) {
        String text = value(config, key);
        if (text == null) {
            return fallback;
        }
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            try {
                long amount = Long.parseLong(simple.group(1));
                return switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    default -> Duration.ofMinutes(amount);
                };
            } catch (NumberFormatException | ArithmeticException e) {
                // an ArithmeticException escaped startup's handling as a stack trace
                throw new IllegalArgumentException(key + " must be a duration between 1ms and 5m (was '" + text + "')");
            }
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    key + " must be a duration such as 500ms, 5s, 1m or PT5S (was '" + text + "')");
        }
    }

    private static String value(Map<String, String> config, String key) {
        String value = config.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String valueOr(Map<String, String> config, String key, String fallback) {
        return Objects.requireNonNullElse(value(config, key), fallback);
    }

    private static String required(Map<String, String> config, String key, String when) {
        String value = value(config, key);
        if (value == null) {
            throw new IllegalArgumentException(key + " is required " + when);
        }
        return value;
    }

    private static String stripSlashes(String text) {
        String stripped = text.strip();
        while (stripped.endsWith("/")) {
            stripped = stripped.substring(0, stripped.length() - 1);
        }
        while (stripped.startsWith("/") && !stripped.contains("://")) {
            stripped = stripped.substring(1);
        }
        return stripped;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireMount(String value, String name) {
        if (value == null || !MOUNT.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(
                    name + " must be a Vault path such as secret or gaara/production, without "
                            + "leading or trailing slashes (was '" + value + "')");
        }
    }

    /** Positive, and short enough that a Vault that stops answering is noticed (a huge one waited for ever). */
    private static void requireTimeout(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero() || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be a duration between 1ms and 5m");
        }
    }
}
