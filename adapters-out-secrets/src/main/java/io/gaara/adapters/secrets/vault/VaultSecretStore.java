package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreMisconfiguredException;
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
 * carries the path and Vault's error text, which never holds a secret value. Reads go through {@link VaultHttp} with
 * the {@link VaultSession}'s token rather than spring-vault's KV template, which reads every 404 as absent: a
 * {@code 403} goes to the session, which replaces a dead token, and the read is tried once more.
 *
 * <p>Before its first read the store checks, once, that the mount is a KV version 2 engine
 * ({@code sys/internal/ui/mounts/<mount>}, as {@code vault kv} does): a version 1 engine answers every data path as
 * absent, which in a chain would hand every name to the next backend. It then looks at the version retention of the
 * mount and of each name it reads ({@link VaultRetention}) and warns where it would break a rotation.
 */
final class VaultSecretStore implements SecretStore {
    static final String FIELD = "value";
    private static final String VERSION_PREFIX = "vault-kv-v";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Logger log = LoggerFactory.getLogger(VaultSecretStore.class);

    private final VaultHttp http;
    private final VaultSession session;
    private final String mount;
    private final String pathPrefix;
    private final VaultRetention retention;
    private final Object mountLock = new Object();
    private volatile boolean mountChecked;

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

    VaultSecretStore(VaultHttp http, VaultSession session, String mount, String pathPrefix) {
        this.http = Objects.requireNonNull(http, "http");
        this.session = Objects.requireNonNull(session, "session");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.pathPrefix = Objects.requireNonNull(pathPrefix, "pathPrefix");
        this.retention = new VaultRetention(mount, this::call);
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

    /** The latest version exists but is deleted or destroyed, or holds no value: the name must not fall through. */
    @Override
    public boolean withdrawn(String name) {
        return fetch(name, path(name), 0).map(latest -> latest.value() == null).orElse(false);
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
        try {
            requireKvVersion2();
        } catch (VaultCallException e) {
            throw new VaultCallException(
                    e.kind(),
                    "vault: cannot read " + name + " at " + location(path) + ": "
                            + e.getMessage().replaceFirst("^vault: ", ""),
                    e);
        }
        String uri = location(path) + (version > 0 ? "?version=" + version : "");
        String what = "read " + name + " at " + location(path);
        VaultHttp.Answer answer = call(uri, what);
        JsonNode body = answer.body();
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
            if (version == 0) {
                retention.check(name, path);
            }
            return Optional.of(new KvVersion(metadata.path("version").asInt(), text));
        }
        JsonNode errors = body == null ? null : body.get("errors");
        if (answer.status() == 404 && errors != null && errors.isArray() && errors.isEmpty()) {
            return Optional.empty();
        }
        if (answer.status() == 200) {
            throw new SecretStoreUnavailableException("vault: cannot " + what + ": HTTP 200, an answer that is not a "
                    + "KV v2 secret (is " + mount + " a KV version 2 engine?)");
        }
        if (answer.status() == 404 && (errors == null || !errors.isArray())) {
            throw new SecretStoreUnavailableException("vault: cannot " + what + ": HTTP 404, an answer that is not "
                    + "from Vault's API (check " + VaultSettings.VAULT_ADDR + ")");
        }
        throw answer.failure("cannot " + what);
    }

    /**
     * One call with the session's token; a {@code 403} that the session puts down to a dead token, now replaced, is
     * made once more with the new one.
     */
    VaultHttp.Answer call(String uri, String what) {
        VaultSession.Grant used = grant(what);
        VaultHttp.Answer answer = http.get(uri, used.token(), what);
        if (answer.status() == 403 && session.refused(used, answer.errors())) {
            answer = http.get(uri, grant(what).token(), what);
        }
        return answer;
    }

    /** The session's token; without one, the failure names what was being done. */
    private VaultSession.Grant grant(String what) {
        try {
            return session.grant();
        } catch (VaultCallException e) {
            throw new VaultCallException(
                    e.kind(), "vault: cannot " + what + ": " + e.getMessage().replaceFirst("^vault: ", ""), e);
        }
    }

    /**
     * Checks, until it once succeeds, that the mount is a KV version 2 engine.
     *
     * @throws SecretStoreMisconfiguredException when it is another engine, or KV version 1
     */
    void requireKvVersion2() {
        if (mountChecked) {
            return;
        }
        synchronized (mountLock) {
            if (mountChecked) {
                return;
            }
            String what = "check the secrets engine at " + mount + "/";
            // a path the policy grants under the mount: sys/internal/ui/mounts needs access to the mount, nothing more
            VaultHttp.Answer answer = call("sys/internal/ui/mounts/" + mount + "/" + pathPrefix, what);
            if (answer.ok()) {
                JsonNode data = answer.body() == null ? null : answer.body().get("data");
                String type = data == null ? "" : data.path("type").asText("");
                String kvVersion =
                        data == null ? "" : data.path("options").path("version").asText("1");
                String mountedAt = data == null ? "" : data.path("path").asText("");
                if (!mountedAt.isEmpty() && !mountedAt.equals(mount + "/")) {
                    throw new SecretStoreMisconfiguredException("vault: " + mount + "/" + pathPrefix + " is served by "
                            + "the engine mounted at " + mountedAt + ", not at " + mount + "/: set "
                            + VaultSettings.KV_MOUNT + " to " + mountedAt.substring(0, mountedAt.length() - 1)
                            + " and " + VaultSettings.PATH_PREFIX + " to the rest of the path");
                }
                if (("kv".equals(type) || "generic".equals(type)) && "2".equals(kvVersion)) {
                    mountChecked = true;
                    log.info("secrets: vault mount {}/ is a KV version 2 engine", mount);
                    retention.checkMount();
                    return;
                }
                throw new SecretStoreMisconfiguredException("vault: " + mount + "/ is "
                        + ("kv".equals(type) || "generic".equals(type)
                                ? "a KV version " + kvVersion + " engine"
                                : "a " + (type.isEmpty() ? "secrets" : type) + " engine")
                        + ", and Gaara needs KV version 2 (versions make key rotation work; a version 1 engine would "
                        + "answer every secret as absent): upgrade it with `vault kv enable-versioning " + mount
                        + "` or set " + VaultSettings.KV_MOUNT + " to a KV version 2 mount");
            }
            if (answer.status() / 100 == 4 && answer.status() != 429) {
                // a 403: Vault answers so both when the policy grants nothing under the mount and when there is no such
                // mount (it does not tell which mounts exist); a 404: a Vault too old for the endpoint, or not Vault.
                // Either way the reads that follow will say what is wrong
                mountChecked = true;
                log.warn(
                        "secrets: cannot check that vault mount {}/ is KV version 2 (HTTP {}{}): either nothing is "
                                + "mounted at {}/ or the policy grants nothing under {}/{} "
                                + "(docs/SECRETS_SETUP_GUIDE.md); a KV version 1 mount would answer every secret as "
                                + "absent",
                        mount,
                        answer.status(),
                        answer.errors().isEmpty() ? "" : ", " + answer.errors(),
                        mount,
                        mount,
                        pathPrefix);
                return;
            }
            throw answer.failure(what);
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
