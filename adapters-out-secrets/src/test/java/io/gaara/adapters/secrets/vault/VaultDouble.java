package io.gaara.adapters.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful stand-in for HashiCorp Vault's HTTP API, enough of it for Gaara's adapter and for bootstrap's end-to-end
 * tests (no Vault server can be installed on the build machines).
 *
 * <p>It follows Vault's API documentation, developer.hashicorp.com/vault/api-docs:
 *
 * <ul>
 *   <li>"KV Secrets Engine - Version 2 (API)": {@code GET <mount>/data/<path>?version=N} (a soft-deleted or destroyed
 *       version answers 404 with {@code data: null} and its metadata, an unknown path or version 404
 *       {@code {"errors":[]}}), {@code POST|PUT <mount>/data/<path>} with {@code options.cas}, {@code DELETE
 *       <mount>/data/<path>} (soft-deletes the latest), {@code POST <mount>/delete|undelete|destroy/<path>},
 *       {@code GET|DELETE <mount>/metadata/<path>}; at most 10 versions are kept (the engine's default
 *       {@code max_versions});
 *   <li>"AppRole Auth Method (API)": {@code POST auth/<mount>/login} with {@code role_id} and {@code secret_id};
 *   <li>"Kubernetes Auth Method (API)": {@code POST auth/<mount>/login} with {@code role} and {@code jwt};
 *   <li>"Token Auth Method (API)": {@code auth/token/lookup-self}, {@code renew-self} (capped by the token's max TTL),
 *       {@code revoke-self};
 *   <li>"HTTP API" overview: {@code X-Vault-Token} on every call, errors as {@code {"errors":[...]}}, 403
 *       {@code permission denied} for a missing, unknown or expired token, 503 while sealed.
 * </ul>
 *
 * Policies are not modelled beyond {@link #deny}: every valid token may do everything else.
 *
 * <p>It is one WireMock server whose single catch-all stub is answered by a {@link ResponseDefinitionTransformerV2}
 * holding the state. {@link #failWith} turns it into an outage (503 sealed, or any status), {@link #delay} into a slow
 * Vault, {@link #stop} into one that refuses connections.
 */
public final class VaultDouble implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_VERSIONS = 10;

    private final String rootToken = "hvs.root-" + UUID.randomUUID();
    private final Set<String> kvMounts = ConcurrentHashMap.newKeySet();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> appRoles = new ConcurrentHashMap<>();
    private final Map<String, String> kubernetesRoles = new ConcurrentHashMap<>();
    private final Map<String, KvSecret> secrets = new HashMap<>();
    private final List<String> deniedPrefixes = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<String> tokensSeen = new CopyOnWriteArrayList<>();
    private final WireMockServer server;

    private volatile String approleMount = "approle";
    private volatile String kubernetesMount = "kubernetes";
    private volatile Duration loginTtl = Duration.ofHours(1);
    private volatile Duration loginMaxTtl = Duration.ofHours(24);
    private volatile int failureStatus;
    private volatile Duration delay = Duration.ZERO;
    private volatile Runnable beforeNextWrite;

    private record Token(
            String id,
            String accessor,
            Instant issued,
            Duration ttl,
            Duration maxTtl,
            boolean renewable,
            List<String> policies,
            Instant expires) {
        boolean valid(Instant now) {
            return expires == null || now.isBefore(expires);
        }

        long ttlSeconds(Instant now) {
            return expires == null
                    ? 0
                    : Math.max(0, Duration.between(now, expires).toSeconds());
        }
    }

    private static final class KvVersion {
        final Map<String, Object> data;
        final Instant created;
        Instant deleted;
        boolean destroyed;

        KvVersion(Map<String, Object> data, Instant created) {
            this.data = data;
            this.created = created;
        }
    }

    private static final class KvSecret {
        final TreeMap<Integer, KvVersion> versions = new TreeMap<>();
        final Instant created;
        Instant updated;
        int current;

        KvSecret(Instant created) {
            this.created = created;
            this.updated = created;
        }
    }

    private VaultDouble() {
        kvMounts.add("secret");
        tokens.put(
                rootToken,
                new Token(
                        rootToken,
                        UUID.randomUUID().toString(),
                        Instant.now(),
                        Duration.ZERO,
                        Duration.ZERO,
                        false,
                        List.of("root"),
                        null));
        server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").extensions(new Handler()));
        server.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(500)));
    }

    /** A running double on a free port, with a KV v2 engine at {@code secret/} and a root token. */
    public static VaultDouble start() {
        VaultDouble vault = new VaultDouble();
        vault.server.start();
        vault.warmUp();
        return vault;
    }

    /**
     * WireMock's first answer in a JVM takes seconds (class loading): answered here, so a test's short-lived token does
     * not expire between being issued and being delivered.
     */
    private void warmUp() {
        try {
            HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(address() + "/v1/auth/token/lookup-self"))
                                    .header("X-Vault-Token", rootToken)
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        calls.clear();
        tokensSeen.clear();
    }

    /** {@code VAULT_ADDR}. */
    public String address() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A token that never expires and may do everything, like a dev server's root token. */
    public String rootToken() {
        return rootToken;
    }

    /** Settings that reach this double with the root token, reading secrets under {@code pathPrefix}. */
    public VaultSettings settings(String pathPrefix) {
        return new VaultSettings(
                URI.create(address()),
                null,
                new VaultSettings.TokenAuth(rootToken),
                "secret",
                pathPrefix,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                null);
    }

    /** Enables another KV v2 engine. */
    public VaultDouble withKvMount(String mount) {
        kvMounts.add(mount);
        return this;
    }

    /** Registers an AppRole whose login is this role id and secret id. */
    public VaultDouble withAppRole(String roleId, String secretId) {
        appRoles.put(roleId, secretId);
        return this;
    }

    /** Moves the AppRole auth method to another mount. */
    public VaultDouble withAppRoleMount(String mount) {
        approleMount = mount;
        return this;
    }

    /** Registers a Kubernetes auth role that accepts this service account JWT. */
    public VaultDouble withKubernetesRole(String role, String jwt) {
        kubernetesRoles.put(role, jwt);
        return this;
    }

    /** Moves the Kubernetes auth method to another mount. */
    public VaultDouble withKubernetesMount(String mount) {
        kubernetesMount = mount;
        return this;
    }

    /** TTL and max TTL of the tokens that logins issue (whole seconds, as Vault counts them). */
    public VaultDouble withLoginTokenTtl(Duration ttl, Duration maxTtl) {
        loginTtl = ttl;
        loginMaxTtl = maxTtl;
        return this;
    }

    /** Issues a token as {@code vault token create -ttl=... -renewable=...} would. */
    public String createToken(Duration ttl, Duration maxTtl, boolean renewable) {
        return issue(ttl, maxTtl, renewable).id();
    }

    /** Revokes a token at once, as an operator's {@code vault token revoke} would. */
    public void revoke(String token) {
        tokens.remove(token);
    }

    /** Requests under this path (after {@code /v1/}) answer 403 permission denied, as a policy without it would. */
    public VaultDouble deny(String pathPrefix) {
        deniedPrefixes.add(pathPrefix);
        return this;
    }

    /** Writes a new version as {@code vault kv put} would and returns its number. */
    public synchronized int write(String mount, String path, Map<String, ?> data) {
        return writeVersion(key(mount, path), new LinkedHashMap<>(data));
    }

    /** Soft-deletes versions as {@code vault kv delete -versions=...} would (no versions: the latest). */
    public synchronized void softDelete(String mount, String path, int... versions) {
        KvSecret secret = secrets.get(key(mount, path));
        if (secret == null) {
            return;
        }
        for (int version : versions.length == 0 ? new int[] {secret.current} : versions) {
            KvVersion v = secret.versions.get(version);
            if (v != null && v.deleted == null) {
                v.deleted = Instant.now();
            }
        }
    }

    /** Destroys versions as {@code vault kv destroy -versions=...} would. */
    public synchronized void destroy(String mount, String path, int... versions) {
        KvSecret secret = secrets.get(key(mount, path));
        if (secret == null) {
            return;
        }
        for (int version : versions) {
            KvVersion v = secret.versions.get(version);
            if (v != null) {
                v.destroyed = true;
                v.data.clear();
            }
        }
    }

    /** The latest version number at the path, 0 when nothing is there. */
    public synchronized int currentVersion(String mount, String path) {
        KvSecret secret = secrets.get(key(mount, path));
        return secret == null ? 0 : secret.current;
    }

    /** Runs {@code interloper} when the next KV write arrives, before it is applied: a concurrent operator's write. */
    public void beforeNextWrite(Runnable interloper) {
        beforeNextWrite = interloper;
    }

    /** Every request answers this status with Vault's error body (503: sealed) until {@link #recover}. */
    public void failWith(int status) {
        failureStatus = status;
    }

    /** Every request waits this long before it is answered. */
    public void delay(Duration wait) {
        delay = wait;
    }

    /** Ends {@link #failWith} and {@link #delay}. */
    public void recover() {
        failureStatus = 0;
        delay = Duration.ZERO;
    }

    /** How many requests reached this method and path (query excluded), answered or not. */
    public int calls(String method, String path) {
        AtomicInteger count = calls.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** The {@code X-Vault-Namespace} headers received, in order. */
    public List<String> namespacesSeen() {
        return List.copyOf(namespaces);
    }

    /** The {@code X-Vault-Token} headers received, in order (tests check which token was used). */
    public List<String> tokensSeen() {
        return List.copyOf(tokensSeen);
    }

    /** Refuses connections from now on. */
    public void stop() {
        server.stop();
    }

    @Override
    public void close() {
        server.stop();
    }

    // ---- the API ----

    private final class Handler implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "vault-double";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            ResponseDefinitionBuilder response = ResponseDefinitionBuilder.like(answer(event.getRequest()));
            long wait = delay.toMillis();
            return wait > 0 ? response.withFixedDelay((int) wait).build() : response.build();
        }
    }

    private ResponseDefinition answer(Request request) {
        String method = request.getMethod().getName();
        String path = URI.create(request.getUrl()).getRawPath();
        calls.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
        String namespace = request.getHeader("X-Vault-Namespace");
        if (namespace != null) {
            namespaces.add(namespace);
        }
        if (failureStatus != 0) {
            return error(failureStatus, failureStatus == 503 ? "Vault is sealed" : "internal error");
        }
        if (!path.startsWith("/v1/")) {
            return error(404, "no handler for route \"" + path + "\"");
        }
        String route = path.substring("/v1/".length());
        try {
            if (route.equals("auth/" + approleMount + "/login") && isWrite(method)) {
                return appRoleLogin(body(request));
            }
            if (route.equals("auth/" + kubernetesMount + "/login") && isWrite(method)) {
                return kubernetesLogin(body(request));
            }
            String tokenHeader = request.getHeader("X-Vault-Token");
            if (tokenHeader != null) {
                tokensSeen.add(tokenHeader);
            }
            Instant now = Instant.now();
            Token token = tokenHeader == null ? null : tokens.get(tokenHeader);
            if (token == null || !token.valid(now) || deniedPrefixes.stream().anyMatch(route::startsWith)) {
                return error(403, "permission denied");
            }
            switch (route) {
                case "auth/token/lookup-self":
                    return ok(Map.of("data", lookup(token, now)));
                case "auth/token/renew-self":
                    return isWrite(method) ? renew(token, now) : noRoute(route);
                case "auth/token/revoke-self":
                    tokens.remove(token.id());
                    return new ResponseDefinition(204, "");
                default:
                    return kv(method, route, request);
            }
        } catch (JsonProcessingException e) {
            return error(400, "failed to parse JSON input: " + e.getOriginalMessage());
        }
    }

    private ResponseDefinition appRoleLogin(JsonNode body) {
        String roleId = body.path("role_id").asText("");
        String secretId = body.path("secret_id").asText("");
        String expected = appRoles.get(roleId);
        if (expected == null || !expected.equals(secretId)) {
            return error(400, "invalid role or secret ID");
        }
        return ok(Map.of("auth", auth(issue(loginTtl, loginMaxTtl, true), Map.of("role_name", "gaara"))));
    }

    private ResponseDefinition kubernetesLogin(JsonNode body) {
        String role = body.path("role").asText("");
        String jwt = body.path("jwt").asText("");
        String expected = kubernetesRoles.get(role);
        if (expected == null) {
            return error(400, "invalid role name \"" + role + "\"");
        }
        if (!expected.equals(jwt)) {
            return error(403, "permission denied");
        }
        return ok(Map.of("auth", auth(issue(loginTtl, loginMaxTtl, true), Map.of("role", role))));
    }

    private Token issue(Duration ttl, Duration maxTtl, boolean renewable) {
        Instant now = Instant.now();
        String id = "hvs." + UUID.randomUUID().toString().replace("-", "");
        Token token = new Token(
                id,
                UUID.randomUUID().toString(),
                now,
                ttl,
                maxTtl,
                renewable,
                List.of("default", "gaara"),
                ttl.isZero() ? null : now.plus(ttl));
        tokens.put(id, token);
        return token;
    }

    private ResponseDefinition renew(Token token, Instant now) {
        if (!token.renewable()) {
            return error(400, "lease is not renewable");
        }
        Instant cap = token.issued().plus(token.maxTtl());
        Instant expires = now.plus(token.ttl());
        if (expires.isAfter(cap)) {
            expires = cap;
        }
        Token renewed = new Token(
                token.id(),
                token.accessor(),
                token.issued(),
                token.ttl(),
                token.maxTtl(),
                true,
                token.policies(),
                expires);
        tokens.put(token.id(), renewed);
        return ok(Map.of("auth", auth(renewed, Map.of())));
    }

    private static Map<String, Object> auth(Token token, Map<String, String> metadata) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", token.id());
        auth.put("accessor", token.accessor());
        auth.put("policies", token.policies());
        auth.put("token_policies", token.policies());
        auth.put("metadata", metadata);
        auth.put("lease_duration", token.ttlSeconds(Instant.now()));
        auth.put("renewable", token.renewable());
        auth.put("entity_id", "");
        auth.put("token_type", "service");
        auth.put("orphan", true);
        return auth;
    }

    private static Map<String, Object> lookup(Token token, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accessor", token.accessor());
        data.put("creation_time", token.issued().getEpochSecond());
        data.put("creation_ttl", token.ttl().toSeconds());
        data.put("display_name", token.policies().contains("root") ? "root" : "approle");
        data.put("entity_id", "");
        data.put("expire_time", token.expires() == null ? null : token.expires().toString());
        data.put("explicit_max_ttl", 0);
        data.put("id", token.id());
        data.put("meta", null);
        data.put("num_uses", 0);
        data.put("orphan", true);
        data.put("path", "auth/token/create");
        data.put("policies", token.policies());
        data.put("renewable", token.renewable());
        data.put("ttl", token.ttlSeconds(now));
        data.put("type", "service");
        return data;
    }

    private ResponseDefinition kv(String method, String route, Request request) throws JsonProcessingException {
        String mount = kvMounts.stream()
                .filter(m -> route.startsWith(m + "/"))
                .max(Comparator.comparingInt(String::length))
                .orElse(null);
        if (mount == null) {
            return noRoute(route);
        }
        String rest = route.substring(mount.length() + 1);
        int slash = rest.indexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            return noRoute(route);
        }
        String operation = rest.substring(0, slash);
        String key = key(mount, rest.substring(slash + 1));
        synchronized (this) {
            switch (operation) {
                case "data":
                    if (method.equals("GET")) {
                        return readData(key, request.queryParameter("version"));
                    }
                    if (isWrite(method)) {
                        return writeData(key, body(request));
                    }
                    if (method.equals("DELETE")) {
                        softDelete(mount, rest.substring(slash + 1));
                        return new ResponseDefinition(204, "");
                    }
                    break;
                case "metadata":
                    if (method.equals("GET")) {
                        return readMetadata(key);
                    }
                    if (method.equals("DELETE")) {
                        secrets.remove(key);
                        return new ResponseDefinition(204, "");
                    }
                    break;
                case "delete":
                case "undelete":
                case "destroy":
                    if (isWrite(method)) {
                        return changeVersions(operation, key, body(request));
                    }
                    break;
                default:
                    break;
            }
        }
        return error(405, "unsupported operation");
    }

    private ResponseDefinition readData(String key, QueryParameter versionParameter) {
        KvSecret secret = secrets.get(key);
        if (secret == null) {
            return notFound();
        }
        int version = secret.current;
        if (versionParameter != null && versionParameter.isPresent()) {
            try {
                int asked = Integer.parseInt(versionParameter.firstValue());
                version = asked == 0 ? secret.current : asked;
            } catch (NumberFormatException e) {
                return error(400, "invalid version");
            }
        }
        KvVersion v = secret.versions.get(version);
        if (v == null) {
            return notFound();
        }
        Map<String, Object> data = new LinkedHashMap<>();
        boolean gone = v.destroyed || v.deleted != null && !v.deleted.isAfter(Instant.now());
        data.put("data", gone ? null : v.data);
        data.put("metadata", versionMetadata(v, version));
        return envelope(gone ? 404 : 200, data);
    }

    private ResponseDefinition writeData(String key, JsonNode body) {
        JsonNode data = body.get("data");
        if (data == null || !data.isObject()) {
            return error(400, "no data provided");
        }
        Runnable interloper = beforeNextWrite;
        if (interloper != null) {
            beforeNextWrite = null;
            interloper.run();
        }
        JsonNode cas = body.path("options").get("cas");
        KvSecret secret = secrets.get(key);
        if (cas != null && cas.asInt(-1) != (secret == null ? 0 : secret.current)) {
            return error(400, "check-and-set parameter did not match the current version");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> values = JSON.convertValue(data, LinkedHashMap.class);
        int version = writeVersion(key, values);
        KvSecret written = secrets.get(key);
        return envelope(200, versionMetadata(written.versions.get(version), version));
    }

    private ResponseDefinition readMetadata(String key) {
        KvSecret secret = secrets.get(key);
        if (secret == null) {
            return notFound();
        }
        Map<String, Object> versions = new LinkedHashMap<>();
        secret.versions.forEach((number, v) -> {
            Map<String, Object> meta = versionMetadata(v, number);
            meta.remove("version");
            meta.remove("custom_metadata");
            versions.put(String.valueOf(number), meta);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cas_required", false);
        data.put("created_time", secret.created.toString());
        data.put("current_version", secret.current);
        data.put("custom_metadata", null);
        data.put("delete_version_after", "0s");
        data.put("max_versions", 0);
        data.put("oldest_version", secret.versions.isEmpty() ? 0 : secret.versions.firstKey());
        data.put("updated_time", secret.updated.toString());
        data.put("versions", versions);
        return envelope(200, data);
    }

    private ResponseDefinition changeVersions(String operation, String key, JsonNode body) {
        JsonNode versions = body.get("versions");
        if (versions == null || !versions.isArray() || versions.isEmpty()) {
            return error(400, "no version number provided");
        }
        KvSecret secret = secrets.get(key);
        if (secret != null) {
            for (JsonNode number : versions) {
                KvVersion v = secret.versions.get(number.asInt());
                if (v == null) {
                    continue;
                }
                switch (operation) {
                    case "delete" -> v.deleted = v.deleted == null ? Instant.now() : v.deleted;
                    case "undelete" -> v.deleted = v.destroyed ? v.deleted : null;
                    default -> {
                        v.destroyed = true;
                        v.data.clear();
                    }
                }
            }
        }
        return new ResponseDefinition(204, "");
    }

    private int writeVersion(String key, Map<String, Object> data) {
        Instant now = Instant.now();
        KvSecret secret = secrets.computeIfAbsent(key, k -> new KvSecret(now));
        int version = secret.current + 1;
        secret.versions.put(version, new KvVersion(data, now));
        secret.current = version;
        secret.updated = now;
        while (secret.versions.size() > MAX_VERSIONS) {
            secret.versions.pollFirstEntry();
        }
        return version;
    }

    private static Map<String, Object> versionMetadata(KvVersion v, int version) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("created_time", v.created.toString());
        meta.put("custom_metadata", null);
        meta.put("deletion_time", v.deleted == null ? "" : v.deleted.toString());
        meta.put("destroyed", v.destroyed);
        meta.put("version", version);
        return meta;
    }

    // ---- Vault's response shapes ----

    private static ResponseDefinition ok(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", UUID.randomUUID().toString());
        body.put("lease_id", "");
        body.put("renewable", false);
        body.put("lease_duration", 0);
        body.put("data", null);
        body.put("wrap_info", null);
        body.put("warnings", null);
        body.put("auth", null);
        body.putAll(fields);
        return json(200, body);
    }

    private static ResponseDefinition envelope(int status, Map<String, Object> data) {
        Map<String, Object> fields = new HashMap<>();
        fields.put("data", data);
        ResponseDefinition ok = ok(fields);
        return status == 200
                ? ok
                : ResponseDefinitionBuilder.like(ok).withStatus(status).build();
    }

    private static ResponseDefinition notFound() {
        return json(404, Map.of("errors", List.of()));
    }

    private static ResponseDefinition noRoute(String route) {
        return error(404, "no handler for route \"" + route + "\". route entry not found.");
    }

    private static ResponseDefinition error(int status, String message) {
        return json(status, Map.of("errors", List.of(message)));
    }

    private static ResponseDefinition json(int status, Object body) {
        try {
            return ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(JSON.writeValueAsString(body))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(Request request) throws JsonProcessingException {
        String text = request.getBodyAsString();
        return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    private static boolean isWrite(String method) {
        return method.equals("POST") || method.equals("PUT");
    }

    private static String key(String mount, String path) {
        return Objects.requireNonNull(mount, "mount") + "/" + Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
        return "VaultDouble[" + address() + ", kv " + new ArrayList<>(kvMounts) + "]";
    }
}
