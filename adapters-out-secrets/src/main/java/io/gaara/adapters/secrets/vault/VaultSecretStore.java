package io.gaara.adapters.secrets.vault;

import io.gaara.application.port.out.Secret;
import io.gaara.application.port.out.SecretStage;
import io.gaara.application.port.out.SecretStore;
import io.gaara.application.port.out.SecretStoreUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.Versioned.Version;
import org.springframework.web.client.ResourceAccessException;

/**
 * Reads Gaara's secrets from HashiCorp Vault's KV version 2 engine, one KV secret per name, so
 * that KV's own version history gives each key the current and previous versions a rotation
 * needs.
 *
 * <p>The version id is {@code vault-kv-v<N>-<NAME>}: {@code N} is the KV version, and the name is
 * part of it because KV numbers each secret's versions from 1, so two keys would otherwise share
 * the id (the JWT {@code kid}) {@code vault-kv-v1}. Current is the latest version; previous is the
 * one before it unless it was soft-deleted or destroyed (an operator who deletes a version means
 * it must not verify anything any more); KV has no pending stage. A soft-deleted latest version
 * reads as absent, as it does in {@code vault kv get}.
 *
 * <p>Only the data endpoint is read ({@code <mount>/data/<prefix>/<NAME>}, with {@code ?version=N}
 * for the previous one), so a policy granting {@code read} on that path is all the server needs.
 * A 404 means absent; any other failure (connection, timeout, 403, 5xx, a failed login) is
 * {@link SecretStoreUnavailableException}, whose message carries the path and Vault's error text,
 * which never holds a secret value.
 */
public final class VaultSecretStore implements SecretStore {
    static final String FIELD = "value";
    private static final String VERSION_PREFIX = "vault-kv-v";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Logger log = LoggerFactory.getLogger(VaultSecretStore.class);

    private final VaultVersionedKeyValueOperations kv;
    private final String mount;
    private final String pathPrefix;

    VaultSecretStore(VaultVersionedKeyValueOperations kv, String mount, String pathPrefix) {
        this.kv = Objects.requireNonNull(kv, "kv");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.pathPrefix = Objects.requireNonNull(pathPrefix, "pathPrefix");
    }

    @Override
    public Optional<Secret> read(String name) {
        String path = path(name);
        return call(name, path, () -> toSecret(name, path, kv.get(path, Version.unversioned())));
    }

    @Override
    public List<Secret> readAccepted(String name) {
        String path = path(name);
        return call(name, path, () -> {
            Versioned<Map<String, Object>> latest = kv.get(path, Version.unversioned());
            Optional<Secret> current = toSecret(name, path, latest);
            if (current.isEmpty()) {
                return List.of();
            }
            List<Secret> accepted = new ArrayList<>(2);
            accepted.add(current.get());
            previous(name, path, latest).ifPresent(accepted::add);
            return List.copyOf(accepted);
        });
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        Objects.requireNonNull(stage, "stage");
        String path = path(name);
        return switch (stage) {
            case CURRENT -> read(name);
            case PREVIOUS -> call(name, path, () -> previous(name, path, kv.get(path, Version.unversioned())));
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
            throw new IllegalArgumentException("a secret name is letters, digits, '_', '.' and '-' (got '" + name + "')");
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

    private Optional<Secret> previous(String name, String path, Versioned<Map<String, Object>> latest) {
        if (latest == null || !latest.getVersion().isVersioned() || latest.getVersion().getVersion() < 2) {
            return Optional.empty();
        }
        int before = latest.getVersion().getVersion() - 1;
        return toSecret(name, path, kv.get(path, Version.from(before)));
    }

    private Optional<Secret> toSecret(String name, String path, Versioned<Map<String, Object>> versioned) {
        // null: nothing at the path (404); no data: that version was soft-deleted or destroyed (404 with metadata)
        if (versioned == null || !versioned.hasData() || !versioned.getVersion().isVersioned()) {
            return Optional.empty();
        }
        Object value = versioned.getRequiredData().get(FIELD);
        if (!(value instanceof String text) || text.isEmpty()) {
            log.warn("secrets: vault secret {} has no non-empty text field '{}'; {} is treated as absent",
                    location(path), FIELD, name);
            return Optional.empty();
        }
        return Optional.of(new Secret(name, versionId(versioned.getVersion().getVersion(), name), text));
    }

    <T> T call(String name, String path, Supplier<T> request) {
        try {
            return request.get();
        } catch (RuntimeException e) {
            throw unavailable("cannot read " + name + " at " + location(path), e);
        }
    }

    /**
     * Vault's answer in words, without anything that could hold a value: spring-vault's
     * {@link VaultException} messages are the status, the path and Vault's {@code errors}; for
     * anything else only the exception's class is kept, and then no cause is attached.
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
            return new SecretStoreUnavailableException("vault: " + what + ": no answer from Vault ("
                    + root.getClass().getSimpleName() + ")", e);
        }
        return new SecretStoreUnavailableException("vault: " + what + ": " + e.getClass().getName());
    }
}
