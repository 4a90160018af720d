package io.gaara.adapters.secrets.vault;

import io.gaara.application.port.out.secrets.SecretAdministration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.Versioned.Metadata;
import org.springframework.vault.support.Versioned.Version;

/**
 * Writes Gaara's secrets to Vault KV v2 for the {@code secrets init} and {@code secrets rotate} commands, with
 * check-and-set on every write so that two operators cannot overwrite each other.
 *
 * <p>KV v2 has no pending stage: every write is the new current version at once, readable by every server on its next
 * refresh. So {@link #stagePending} writes the new version (check-and-set against the version it read, so a concurrent
 * rotation fails instead of being lost) and returns its id, and {@link #promotePending} only verifies that this version
 * is still the latest. The checks {@code secrets rotate} makes between the two must therefore happen before the value
 * is handed to {@code stagePending}: on Vault there is no window in which a written value is not yet live. Nobody is
 * logged out by this, because the version before stays readable as previous.
 *
 * <p>Another design would keep the pending value at a second path and copy it on promotion; it was not chosen because
 * the promoted version would then get a different id than the one staged, and two paths per name double what the
 * policies must grant.
 */
final class VaultAdministration implements SecretAdministration {
    private static final Logger log = LoggerFactory.getLogger(VaultAdministration.class);
    /**
     * Vault's error text when {@code options.cas} does not match the current version (KV v2 API, "Create/Update
     * Secret").
     */
    private static final String CAS_MISMATCH = "check-and-set parameter did not match";

    private final VaultVersionedKeyValueOperations kv;
    private final VaultSecretStore store;

    VaultAdministration(VaultVersionedKeyValueOperations kv, VaultSecretStore store) {
        this.kv = Objects.requireNonNull(kv, "kv");
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Writes version 1 with {@code cas=0}, which Vault accepts only when nothing exists at the path. A path whose every
     * version was deleted still exists for this purpose: it is reported as present (false), not silently recreated.
     */
    @Override
    public boolean createIfAbsent(String name, String value) {
        String path = store.path(name);
        requireValue(value);
        store.requireKvVersion2();
        try {
            Metadata written =
                    kv.put(path, Versioned.create(Map.of(VaultSecretStore.FIELD, value), Version.unversioned()));
            log.info(
                    "secrets: created {} in vault as {}",
                    name,
                    VaultSecretStore.versionId(written.getVersion().getVersion(), name));
            return true;
        } catch (VaultException e) {
            if (isCasMismatch(e)) {
                log.info("secrets: {} already exists in vault at {}; left unchanged", name, store.location(path));
                return false;
            }
            throw VaultSecretStore.unavailable("cannot create " + name + " at " + store.location(path), e);
        } catch (RuntimeException e) {
            throw VaultSecretStore.unavailable("cannot create " + name + " at " + store.location(path), e);
        }
    }

    /**
     * Writes {@code value} as a new KV version, current at once (see the class comment), and returns its version id.
     *
     * @throws IllegalStateException when the secret does not exist, or another write came between reading its version
     *     and writing (nothing was written then)
     */
    @Override
    public String stagePending(String name, String value) {
        String path = store.path(name);
        requireValue(value);
        store.requireKvVersion2();
        int current = latestVersion(name, path)
                .orElseThrow(() -> new IllegalStateException("vault: " + name + " does not exist at "
                        + store.location(path) + "; create it first (secrets init)"));
        try {
            Metadata written =
                    kv.put(path, Versioned.create(Map.of(VaultSecretStore.FIELD, value), Version.from(current)));
            String versionId = VaultSecretStore.versionId(written.getVersion().getVersion(), name);
            log.info("secrets: wrote {} to vault as {} (current at once: KV v2 has no pending stage)", name, versionId);
            return versionId;
        } catch (VaultException e) {
            if (isCasMismatch(e)) {
                throw new IllegalStateException("vault: " + name + " changed while rotating (version " + current
                        + " is no longer the latest); nothing was written, run the rotation again");
            }
            throw VaultSecretStore.unavailable("cannot write " + name + " at " + store.location(path), e);
        } catch (RuntimeException e) {
            throw VaultSecretStore.unavailable("cannot write " + name + " at " + store.location(path), e);
        }
    }

    /**
     * Nothing to promote on Vault: checks that {@code versionId} is still the latest version, so that a rotation that
     * raced with another one is reported rather than assumed.
     *
     * @throws IllegalArgumentException when {@code versionId} is not a version id of {@code name}
     * @throws IllegalStateException when a later version was written since
     */
    @Override
    public void promotePending(String name, String versionId) {
        String path = store.path(name);
        Objects.requireNonNull(versionId, "versionId");
        int staged = VaultSecretStore.kvVersion(versionId, name)
                .orElseThrow(
                        () -> new IllegalArgumentException("'" + versionId + "' is not a vault version id of " + name));
        Optional<Integer> latest = latestVersion(name, path);
        if (latest.isEmpty() || latest.get() != staged) {
            throw new IllegalStateException(
                    "vault: " + versionId + " is not the latest version of " + name + " (latest: "
                            + latest.map(v -> VaultSecretStore.versionId(v, name))
                                    .orElse("none") + "); check which value is live");
        }
        log.info("secrets: {} is current in vault ({})", name, versionId);
    }

    /** The latest KV version number, deleted or not: any write since changes it. */
    @Override
    public String currentRevision(String name) {
        String path = store.path(name);
        return latestVersion(name, path)
                .map(String::valueOf)
                .orElseThrow(() ->
                        new IllegalStateException("vault: " + name + " does not exist at " + store.location(path)));
    }

    /** Nothing to take back: the version {@link #stagePending} wrote is current already (see the class comment). */
    @Override
    public void discardPending(String name, String versionId) {
        log.info("secrets: {} in vault has no pending stage; {} stays as written", name, versionId);
    }

    @Override
    public boolean stagesBeforeLive() {
        return false;
    }

    /**
     * Soft-deletes the version before the latest: {@link VaultSecretStore} never accepts a deleted version as previous.
     * The data stays recoverable with {@code vault kv undelete} until it is destroyed ({@code vault kv destroy}).
     */
    @Override
    public Optional<String> retirePrevious(String name) {
        String path = store.path(name);
        store.requireKvVersion2();
        Optional<Integer> latest = latestVersion(name, path);
        if (latest.isEmpty() || latest.get() < 2) {
            return Optional.empty();
        }
        int previous = latest.get() - 1;
        boolean live =
                store.fetch(name, path, previous).map(v -> v.value() != null).orElse(false);
        if (!live) {
            return Optional.empty();
        }
        try {
            kv.delete(path, Version.from(previous));
        } catch (RuntimeException e) {
            throw VaultSecretStore.unavailable(
                    "cannot delete version " + previous + " of " + name + " at " + store.location(path), e);
        }
        String versionId = VaultSecretStore.versionId(previous, name);
        log.info(
                "secrets: deleted {} of {} in vault (soft delete; `vault kv destroy` removes it for good)",
                versionId,
                name);
        return Optional.of(versionId + " (KV version " + previous + " of " + store.location(path) + ", soft-deleted)");
    }

    @Override
    public String backendName() {
        return "vault";
    }

    @Override
    public String toString() {
        return "VaultAdministration[" + store + "]";
    }

    /** The latest KV version at the path, deleted or not: check-and-set compares against it. */
    private Optional<Integer> latestVersion(String name, String path) {
        return store.fetch(name, path, 0).map(VaultSecretStore.KvVersion::version);
    }

    private static boolean isCasMismatch(VaultException e) {
        return e.getMessage() != null && e.getMessage().contains(CAS_MISMATCH);
    }

    private static void requireValue(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret value must not be empty");
        }
    }
}
