package io.gaara.adapters.secrets.vault;

import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.JSON;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.envelope;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.envelopeBody;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.error;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.goDuration;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.json;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.noContent;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.notFound;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.ok;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.parseDuration;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.wrapped;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The double's KV secrets engines, version 2 as hashicorp/vault-plugin-secrets-kv answers ({@code path_data.go},
 * {@code path_metadata.go}, {@code path_delete.go}, {@code path_destroy.go}, {@code path_config.go},
 * {@code delete_version_after.go}, {@code backend.go pathInvalid}) and version 1 as its {@code passthrough.go} does.
 * Times come from the double's clock. Callers hold the double's lock.
 */
final class VaultDoubleKv {
    /** {@code defaultMaxVersions} in path_data.go: what a mount keeps when neither it nor the secret sets a number. */
    static final int DEFAULT_MAX_VERSIONS = 10;

    /** A KV v1 read's lease: the mount's default lease TTL, 768h unless tuned (passthrough.go handleRead). */
    private static final long V1_LEASE_SECONDS = Duration.ofHours(768).toSeconds();

    private final Clock clock;
    private final Map<String, Mount> mounts = new LinkedHashMap<>();
    private final Map<String, KvSecret> secrets = new HashMap<>();
    private final Map<String, Map<String, Object>> v1Entries = new HashMap<>();
    private Runnable beforeNextWrite;

    /** A mount of the kv engine: its version and, for version 2, its {@code <mount>/config}. */
    static final class Mount {
        final String path;
        final int version;
        final String accessor = "kv_" + UUID.randomUUID().toString().substring(0, 8);
        int maxVersions;
        boolean casRequired;
        /** Zero: unset; negative: disabled for every key (path_config.go). */
        Duration deleteVersionAfter = Duration.ZERO;

        Mount(String path, int version) {
            this.path = path;
            this.version = version;
        }
    }

    private static final class KvVersion {
        final Map<String, Object> data;
        final Instant created;
        Instant deletion;
        boolean destroyed;

        KvVersion(Map<String, Object> data, Instant created, Instant deletion) {
            this.data = data;
            this.created = created;
            this.deletion = deletion;
        }

        /** path_data.go pathDataRead: deleted once its deletion_time is before now, destroyed for good. */
        boolean gone(Instant now) {
            return destroyed || deletion != null && deletion.isBefore(now);
        }
    }

    private static final class KvSecret {
        final TreeMap<Integer, KvVersion> versions = new TreeMap<>();
        final Instant created;
        Instant updated;
        int current;
        int oldest;
        int maxVersions;
        boolean casRequired;
        Duration deleteVersionAfter = Duration.ZERO;

        KvSecret(Instant created) {
            this.created = created;
            this.updated = created;
        }
    }

    VaultDoubleKv(Clock clock) {
        this.clock = clock;
    }

    Mount mount(String path, int version) {
        return mounts.computeIfAbsent(path, p -> new Mount(p, version));
    }

    Map<String, Mount> mounts() {
        return mounts;
    }

    Mount mountFor(String route) {
        return mounts.values().stream()
                .filter(m -> route.startsWith(m.path + "/"))
                .max(Comparator.comparingInt(m -> m.path.length()))
                .orElse(null);
    }

    void beforeNextWrite(Runnable interloper) {
        beforeNextWrite = interloper;
    }

    // ---- what operators do, for tests ----

    int write(String mount, String path, Map<String, ?> data) {
        Mount m = known(mount);
        if (m.version == 1) {
            v1Entries.put(m.path + "/" + path, new LinkedHashMap<>(data));
            return 0;
        }
        return writeVersion(m, m.path + "/" + path, new LinkedHashMap<>(data));
    }

    void softDelete(String mount, String path, int... versions) {
        KvSecret secret = secrets.get(known(mount).path + "/" + path);
        if (secret != null) {
            delete(secret, versions.length == 0 ? new int[] {secret.current} : versions);
        }
    }

    void destroy(String mount, String path, int... versions) {
        KvSecret secret = secrets.get(known(mount).path + "/" + path);
        if (secret != null) {
            for (int number : versions) {
                KvVersion v = secret.versions.get(number);
                if (v != null) {
                    v.destroyed = true;
                    v.data.clear();
                }
            }
        }
    }

    int currentVersion(String mount, String path) {
        KvSecret secret = secrets.get(known(mount).path + "/" + path);
        return secret == null ? 0 : secret.current;
    }

    void retention(String mount, String path, int maxVersions, Duration deleteVersionAfter) {
        Mount m = known(mount);
        KvSecret secret = secrets.computeIfAbsent(m.path + "/" + path, k -> new KvSecret(clock.instant()));
        secret.maxVersions = maxVersions;
        secret.deleteVersionAfter = wholeSeconds(deleteVersionAfter);
    }

    private Mount known(String mount) {
        Mount m = mounts.get(mount);
        if (m == null) {
            throw new IllegalArgumentException("no kv engine is mounted at " + mount + "/");
        }
        return m;
    }

    // ---- the HTTP API ----

    ResponseDefinition handle(Mount mount, String method, String route, JsonNode body, String versionParameter) {
        String rest = route.substring(mount.path.length() + 1);
        return mount.version == 1 ? v1(mount, method, rest, body) : v2(mount, method, rest, body, versionParameter);
    }

    /** passthrough.go: every path below the mount is a key, {@code data/<path>} included. */
    private ResponseDefinition v1(Mount mount, String method, String key, JsonNode body) {
        String full = mount.path + "/" + key;
        switch (method) {
            case "GET" -> {
                Map<String, Object> data = v1Entries.get(full);
                if (data == null) {
                    return notFound();
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("lease_duration", V1_LEASE_SECONDS);
                fields.put("data", data);
                return ok(fields);
            }
            case "POST", "PUT" -> {
                if (body.isEmpty()) {
                    return error(400, "missing data fields");
                }
                runInterloper();
                // the whole request body is the secret: a v2-shaped {"data":{...},"options":{...}} is stored as is
                @SuppressWarnings("unchecked")
                Map<String, Object> data = JSON.convertValue(body, LinkedHashMap.class);
                v1Entries.put(full, data);
                return noContent();
            }
            case "DELETE" -> {
                v1Entries.remove(full);
                return noContent();
            }
            default -> {
                return wrapped(405, "unsupported operation");
            }
        }
    }

    private ResponseDefinition v2(Mount mount, String method, String rest, JsonNode body, String versionParameter) {
        if (rest.equals("config")) {
            return config(mount, method, body);
        }
        int slash = rest.indexOf('/');
        String operation = slash <= 0 ? rest : rest.substring(0, slash);
        String path = slash <= 0 ? "" : rest.substring(slash + 1);
        if (path.isEmpty()
                || path.endsWith("/")
                || !List.of("data", "metadata", "delete", "undelete", "destroy").contains(operation)) {
            return invalidPath(method);
        }
        String key = mount.path + "/" + path;
        switch (operation) {
            case "data" -> {
                switch (method) {
                    case "GET" -> {
                        return readData(key, versionParameter);
                    }
                    case "POST", "PUT" -> {
                        return writeData(mount, key, body);
                    }
                    case "DELETE" -> {
                        KvSecret secret = secrets.get(key);
                        if (secret != null) {
                            delete(secret, new int[] {secret.current});
                        }
                        return noContent();
                    }
                    default -> {
                        return wrapped(405, "unsupported operation");
                    }
                }
            }
            case "metadata" -> {
                return metadata(mount, method, key, body);
            }
            default -> {
                if (!method.equals("POST") && !method.equals("PUT")) {
                    return wrapped(405, "unsupported operation");
                }
                return changeVersions(operation, key, body);
            }
        }
    }

    /** backend.go pathInvalid: a path that is not one of v2's, 404 with a warning naming the CLI command. */
    private static ResponseDefinition invalidPath(String method) {
        String command = switch (method) {
            case "POST", "PUT" -> "put";
            case "DELETE" -> "delete";
            case "LIST" -> "list";
            default -> "get";
        };
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(
                "warnings",
                List.of("Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API "
                        + "endpoints to use. If using the Vault CLI, use 'vault kv " + command
                        + "' for this operation."));
        return json(404, envelopeBody(fields));
    }

    private ResponseDefinition readData(String key, String versionParameter) {
        KvSecret secret = secrets.get(key);
        if (secret == null) {
            return notFound();
        }
        int version = secret.current;
        if (versionParameter != null && !versionParameter.isEmpty()) {
            try {
                int asked = Integer.parseInt(versionParameter);
                version = asked > 0 ? asked : secret.current;
            } catch (NumberFormatException e) {
                // the framework's field conversion error; its exact wording is not confirmed
                return error(400, "error converting input " + versionParameter + " for field \"version\"");
            }
        }
        KvVersion v = secret.versions.get(version);
        if (v == null) {
            // never written, or removed by max_versions: nothing left to describe
            return notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        boolean gone = v.gone(clock.instant());
        data.put("data", gone ? null : v.data);
        data.put("metadata", versionMetadata(v, version));
        return envelope(gone ? 404 : 200, data);
    }

    private ResponseDefinition writeData(Mount mount, String key, JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return error(400, "no data provided");
        }
        runInterloper();
        KvSecret secret = secrets.get(key);
        int current = secret == null ? 0 : secret.current;
        JsonNode cas = body.path("options").get("cas");
        if (cas != null) {
            if (!cas.canConvertToInt() && !cas.asText().matches("\\d+")) {
                return error(400, "error parsing check-and-set parameter");
            }
            if (cas.asInt() != current) {
                return error(400, "check-and-set parameter did not match the current version");
            }
        } else if (mount.casRequired || secret != null && secret.casRequired) {
            return error(400, "check-and-set parameter required for this call");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = JSON.convertValue(data, LinkedHashMap.class);
        int version = writeVersion(mount, key, values);
        return envelope(200, versionMetadata(secrets.get(key).versions.get(version), version));
    }

    /**
     * path_data.go pathDataWrite and KeyMetadata.AddVersion. The version's deletion_time is fixed now: created plus the
     * smaller non-zero of the mount's and the secret's delete_version_after, none when the mount's is negative
     * (delete_version_after.go deletionTime). Versions beyond the larger of the mount's and the secret's max_versions,
     * 10 when both are 0, are dropped: {@code max(k.MaxVersions, configMaxVersions)}, and PR hashicorp/vault#22394 "The
     * greater number takes precedence".
     */
    private int writeVersion(Mount mount, String key, Map<String, Object> data) {
        Instant now = clock.instant();
        KvSecret secret = secrets.computeIfAbsent(key, k -> new KvSecret(now));
        Instant deletion = null;
        if (!mount.deleteVersionAfter.isNegative()) {
            Duration after = smallerNonZero(mount.deleteVersionAfter, secret.deleteVersionAfter);
            deletion = after.isZero() ? null : now.plus(after);
        }
        secret.current++;
        secret.versions.put(secret.current, new KvVersion(data, now, deletion));
        secret.updated = now;
        int max = Math.max(secret.maxVersions, mount.maxVersions);
        max = max > 0 ? max : DEFAULT_MAX_VERSIONS;
        if (secret.current - secret.oldest >= max) {
            int toDelete = secret.current - max;
            secret.versions.headMap(toDelete, true).clear();
            secret.oldest = toDelete + 1;
        }
        return secret.current;
    }

    private static Duration smallerNonZero(Duration mount, Duration meta) {
        if (mount.isZero()) {
            return meta;
        }
        return meta.isZero() || mount.compareTo(meta) < 0 ? mount : meta;
    }

    private ResponseDefinition metadata(Mount mount, String method, String key, JsonNode body) {
        switch (method) {
            case "GET" -> {
                KvSecret secret = secrets.get(key);
                return secret == null ? notFound() : envelope(200, metadataOf(secret));
            }
            case "POST", "PUT" -> {
                KvSecret secret = secrets.computeIfAbsent(key, k -> new KvSecret(clock.instant()));
                if (body.has("max_versions")) {
                    secret.maxVersions = body.get("max_versions").asInt();
                }
                if (body.has("cas_required")) {
                    secret.casRequired = body.get("cas_required").asBoolean();
                }
                if (body.has("delete_version_after")) {
                    secret.deleteVersionAfter = wholeSeconds(parseDuration(body.get("delete_version_after")));
                }
                return noContent();
            }
            case "DELETE" -> {
                secrets.remove(key);
                return noContent();
            }
            default -> {
                return wrapped(405, "unsupported operation");
            }
        }
    }

    private static Map<String, Object> metadataOf(KvSecret secret) {
        Map<String, Object> versions = new LinkedHashMap<>();
        secret.versions.forEach((number, v) -> {
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("created_time", v.created.toString());
            meta.put("deletion_time", v.deletion == null ? "" : v.deletion.toString());
            meta.put("destroyed", v.destroyed);
            versions.put(String.valueOf(number), meta);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cas_required", secret.casRequired);
        data.put("created_time", secret.created.toString());
        data.put("current_version", secret.current);
        data.put("custom_metadata", null);
        data.put("delete_version_after", goDuration(secret.deleteVersionAfter));
        data.put("max_versions", secret.maxVersions);
        data.put("oldest_version", secret.oldest);
        data.put("updated_time", secret.updated.toString());
        data.put("versions", versions);
        return data;
    }

    /**
     * path_config.go: {@code GET} the mount's settings, {@code POST} them (a negative delete_version_after disables).
     */
    private static ResponseDefinition config(Mount mount, String method, JsonNode body) {
        switch (method) {
            case "GET" -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("cas_required", mount.casRequired);
                data.put("delete_version_after", goDuration(mount.deleteVersionAfter));
                data.put("max_versions", mount.maxVersions);
                return envelope(200, data);
            }
            case "POST", "PUT" -> {
                if (body.has("max_versions")) {
                    mount.maxVersions = body.get("max_versions").asInt();
                }
                if (body.has("cas_required")) {
                    mount.casRequired = body.get("cas_required").asBoolean();
                }
                if (body.has("delete_version_after")) {
                    Duration after = wholeSeconds(parseDuration(body.get("delete_version_after")));
                    mount.deleteVersionAfter = after.isNegative() ? Duration.ofSeconds(-1) : after;
                }
                return noContent();
            }
            default -> {
                return wrapped(405, "unsupported operation");
            }
        }
    }

    /** path_delete.go (delete, undelete) and path_destroy.go, for {@code {"versions":[...]}}. */
    private ResponseDefinition changeVersions(String operation, String key, JsonNode body) {
        JsonNode versions = body.get("versions");
        if (versions == null || !versions.isArray() || versions.isEmpty()) {
            return error(400, "no version number provided");
        }
        KvSecret secret = secrets.get(key);
        if (secret == null) {
            return noContent();
        }
        int[] numbers = new int[versions.size()];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = versions.get(i).asInt();
        }
        switch (operation) {
            case "delete" -> delete(secret, numbers);
            case "undelete" -> {
                for (int number : numbers) {
                    KvVersion v = secret.versions.get(number);
                    if (v != null && !v.destroyed) {
                        v.deletion = null;
                    }
                }
            }
            default -> {
                for (int number : numbers) {
                    KvVersion v = secret.versions.get(number);
                    if (v != null) {
                        v.destroyed = true;
                        v.data.clear();
                    }
                }
            }
        }
        return noContent();
    }

    /** Soft delete: deletion_time becomes now, unless the version is destroyed or already past its deletion time. */
    private void delete(KvSecret secret, int[] numbers) {
        Instant now = clock.instant();
        for (int number : numbers) {
            KvVersion v = secret.versions.get(number);
            if (v != null && !v.gone(now)) {
                v.deletion = now;
            }
        }
    }

    private void runInterloper() {
        Runnable interloper = beforeNextWrite;
        if (interloper != null) {
            beforeNextWrite = null;
            interloper.run();
        }
    }

    private static Map<String, Object> versionMetadata(KvVersion v, int version) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("created_time", v.created.toString());
        meta.put("custom_metadata", null);
        meta.put("deletion_time", v.deletion == null ? "" : v.deletion.toString());
        meta.put("destroyed", v.destroyed);
        meta.put("version", version);
        return meta;
    }

    /** The mount description {@code sys/internal/ui/mounts/<path>} answers (logical_system.go mountInfo). */
    static Map<String, Object> mountInfo(String path, String type, Map<String, String> options, String accessor) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("default_lease_ttl", 0);
        config.put("force_no_cache", false);
        config.put("max_lease_ttl", 0);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("accessor", accessor);
        info.put("config", config);
        info.put("description", "");
        info.put("external_entropy_access", false);
        info.put("local", false);
        info.put("options", options);
        info.put("path", path);
        info.put("plugin_version", "");
        info.put("running_plugin_version", type.equals("kv") ? "v0.21.0+builtin" : "v1.17.0+builtin.vault");
        info.put("running_sha256", "");
        info.put("seal_wrap", false);
        info.put("type", type);
        info.put(
                "uuid",
                UUID.nameUUIDFromBytes(path.getBytes(StandardCharsets.UTF_8)).toString());
        return info;
    }

    private static Duration wholeSeconds(Duration duration) {
        return Duration.ofSeconds(duration.getSeconds());
    }
}
