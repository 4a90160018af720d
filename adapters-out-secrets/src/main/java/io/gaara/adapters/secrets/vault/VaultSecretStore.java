package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

/**
 * Reads Gaara's secrets from HashiCorp Vault's KV version 2 engine, one KV secret per name, so that KV's own version
 * history gives each key the current and previous versions a rotation needs.
 *
 * <p>The version id is {@code vault-kv-v<N>-<NAME>}: {@code N} is the KV version, and the name is part of it because KV
 * numbers each secret's versions from 1, so two keys would otherwise share the id (the JWT {@code kid})
 * {@code vault-kv-v1}. Current is the latest version; previous is the one before it unless it was soft-deleted or
 * destroyed (an operator who deletes a version means it must not verify anything any more); KV has no pending stage. A
 * soft-deleted latest version reads as absent, as it does in {@code vault kv get}.
 *
 * <p>Only the data endpoint is read ({@code <mount>/data/<prefix>/<NAME>}, with {@code ?version=N} for the previous
 * one), so a policy granting {@code read} on that path is all the server needs. Only Vault's own "nothing here", a 404
 * with {@code {"errors":[]}}, means absent: a 404 from something else (a proxy, a path no engine serves) and any other
 * failure (connection, timeout, 403, 5xx, a failed login) is {@link SecretStoreUnavailableException}, whose message
 * carries the path and Vault's error text, which never holds a secret value. Reads go through spring-vault's session
 * ({@link VaultOperations#doWithSession}) rather than its KV template, which reads every 404 as absent.
 */
final class VaultSecretStore implements SecretStore {
    static final String FIELD = "value";
    private static final String VERSION_PREFIX = "vault-kv-v";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(VaultSecretStore.class);

    private final VaultOperations vault;
    private final String mount;
    private final String pathPrefix;

    /**
     * One version as KV v2 answered for it: {@code value} is null when the version is deleted or destroyed, or has no
     * text field {@value #FIELD}.
     */
    record KvVersion(int version, String value) {
        @Override
        public String toString() {
            return "KvVersion[version=" + version + ", value=" + (value == null ? "none" : "redacted") + "]";
        }
    }

    VaultSecretStore(VaultOperations vault, String mount, String pathPrefix) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.pathPrefix = Objects.requireNonNull(pathPrefix, "pathPrefix");
    }

    @Override
    public Optional<Secret> read(String name) {
        String path = path(name);
        return fetch(name, path, 0).flatMap(latest -> toSecret(name, latest));
    }

    @Override
    public List<Secret> readAccepted(String name) {
        String path = path(name);
        Optional<KvVersion> latest = fetch(name, path, 0);
        Optional<Secret> current = latest.flatMap(v -> toSecret(name, v));
        if (current.isEmpty()) {
            return List.of();
        }
        List<Secret> accepted = new ArrayList<>(2);
        accepted.add(current.get());
        previous(name, path, latest.get()).ifPresent(accepted::add);
        return List.copyOf(accepted);
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        Objects.requireNonNull(stage, "stage");
        String path = path(name);
        return switch (stage) {
            case CURRENT -> read(name);
            case PREVIOUS -> fetch(name, path, 0).flatMap(latest -> previous(name, path, latest));
            // KV v2 has no stages: a written version is current at once (see VaultAdministration)
            case PENDING -> Optional.empty();
        };
    }

    @Override
    public String backendName() {
        return "vault";
    }

    @Override
    public String toString() {
        return "VaultSecretStore[" + mount + "/data/" + pathPrefix + "]";
    }

    /** The KV path of a name, relative to the mount; rejects names that would address another path. */
    String path(String name) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "a secret name is letters, digits, '_', '.' and '-' (got '" + name + "')");
        }
        return pathPrefix + "/" + name;
    }

    String location(String path) {
        return mount + "/data/" + path;
    }

    static String versionId(int version, String name) {
        return VERSION_PREFIX + version + "-" + name;
    }

    /** The KV version in a version id this store gave out for {@code name}, or empty when it is not one. */
    static Optional<Integer> kvVersion(String versionId, String name) {
        Matcher matcher = Pattern.compile(Pattern.quote(VERSION_PREFIX) + "([1-9][0-9]{0,9})-" + Pattern.quote(name))
                .matcher(versionId);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(matcher.group(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * One version of the secret at {@code path} ({@code 0}: the latest), deleted or not; empty when Vault says nothing
     * is there.
     */
    Optional<KvVersion> fetch(String name, String path, int version) {
        String uri = location(path) + (version > 0 ? "?version=" + version : "");
        String what = "cannot read " + name + " at " + location(path);
        Answer answer;
        try {
            answer = vault.doWithSession(rest -> {
                try {
                    return new Answer(200, rest.getForObject(uri, String.class));
                } catch (HttpStatusCodeException e) {
                    return new Answer(e.getStatusCode().value(), e.getResponseBodyAsString());
                }
            });
        } catch (RuntimeException e) {
            throw unavailable(what, e);
        }
        JsonNode body = parse(answer.body());
        JsonNode metadata = body == null ? null : body.path("data").get("metadata");
        if ((answer.status() == 200 || answer.status() == 404)
                && metadata != null
                && metadata.path("version").canConvertToInt()
                && metadata.path("version").asInt() > 0) {
            // 404 with metadata: that version was soft-deleted or destroyed (KV v2 API, "Read Secret Version")
            JsonNode value =
                    answer.status() == 200 ? body.path("data").path("data").get(FIELD) : null;
            String text = value != null && value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
            if (answer.status() == 200 && text == null) {
                log.warn(
                        "secrets: vault secret {} has no non-empty text field '{}'; {} is treated as absent",
                        location(path),
                        FIELD,
                        name);
            }
            return Optional.of(new KvVersion(metadata.path("version").asInt(), text));
        }
        JsonNode errors = body == null ? null : body.get("errors");
        if (answer.status() == 404 && errors != null && errors.isArray() && errors.isEmpty()) {
            return Optional.empty();
        }
        String reason = errors != null && errors.isArray() && !errors.isEmpty()
                ? errors(errors)
                : answer.status() == 200
                        ? "an answer that is not a KV v2 secret (is " + mount + " a KV version 2 engine?)"
                        : "an answer that is not from Vault's API (check " + VaultSettings.VAULT_ADDR + ")";
        throw new SecretStoreUnavailableException("vault: " + what + ": HTTP " + answer.status() + ", " + reason);
    }

    private record Answer(int status, String body) {
        @Override
        public String toString() {
            return "Answer[status=" + status + "]";
        }
    }

    private Optional<Secret> previous(String name, String path, KvVersion latest) {
        if (latest.version() < 2) {
            return Optional.empty();
        }
        return fetch(name, path, latest.version() - 1).flatMap(v -> toSecret(name, v));
    }

    private static Optional<Secret> toSecret(String name, KvVersion version) {
        return version.value() == null
                ? Optional.empty()
                : Optional.of(new Secret(name, versionId(version.version(), name), version.value()));
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Vault's error strings, which name paths and causes but never a secret's value. */
    private static String errors(JsonNode errors) {
        List<String> texts = new ArrayList<>();
        errors.forEach(e -> texts.add(e.asText()));
        return String.join("; ", texts);
    }

    /**
     * Vault's answer in words, without anything that could hold a value: spring-vault's {@link VaultException} messages
     * are the status, the path and Vault's {@code errors}; for anything else only the exception's class is kept, and
     * then no cause is attached.
     */
    static SecretStoreUnavailableException unavailable(String what, RuntimeException e) {
        if (e instanceof VaultException) {
            return new SecretStoreUnavailableException("vault: " + what + ": " + e.getMessage(), e);
        }
        if (e instanceof ResourceAccessException) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return new SecretStoreUnavailableException(
                    "vault: " + what + ": no answer from Vault ("
                            + root.getClass().getSimpleName() + ")",
                    e);
        }
        return new SecretStoreUnavailableException(
                "vault: " + what + ": " + e.getClass().getName());
    }
}
