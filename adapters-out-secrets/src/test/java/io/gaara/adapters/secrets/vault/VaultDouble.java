package io.gaara.adapters.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.JSON;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.error;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.json;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.multierror;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.noRoute;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.ok;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stateful stand-in for HashiCorp Vault's HTTP API, enough of it for Gaara's adapter and for bootstrap's end-to-end
 * tests (no Vault server can be installed on the build machines). Where it and Vault's documentation or source differ,
 * those win: each behaviour names its source at the code that gives it, and {@code VaultDoubleTest} pins them.
 *
 * <ul>
 *   <li>Tokens ({@link VaultDoubleTokens}): service ({@code hvs.}) and batch ({@code hvb.}) tokens from AppRole and
 *       Kubernetes logins or {@link #createToken}/{@link #createBatchToken}; TTLs in whole seconds on the double's
 *       {@link Clock}; {@code lookup-self}, {@code renew-self} (capped at the max TTL with Vault's warning),
 *       {@code revoke-self}; AppRole secret ids with use counts and TTLs, and the user lockout.
 *   <li>Errors: a dead token (revoked, expired, unknown) is 403 {@code permission denied}, and since Vault 1.17 also
 *       {@code invalid token} ({@link #withVaultVersion}); a policy denial ({@link #deny}) is 403 {@code permission
 *       denied} alone, in Go's multierror format as Vault writes it.
 *   <li>KV ({@link VaultDoubleKv}): version 2 engines (reads, writes with CAS, soft delete, undelete, destroy,
 *       metadata, {@code max_versions} and {@code delete_version_after} at mount and secret level) and version 1
 *       engines; {@code sys/internal/ui/mounts/<path>} says which.
 *   <li>Availability: {@link #seal} (503 {@code Vault is sealed}; token TTLs keep running), {@link #standby} (307 to
 *       the active node), {@link #failWith} (any status), {@link #delay}, {@link #stop}.
 *   <li>Recording: calls per method and path, tokens and namespaces sent, and requests sent without a namespace.
 * </ul>
 *
 * Policies are not modelled beyond {@link #deny}, which applies to every token, the root token included: every valid
 * token may do everything else. A path under no mount answers 404 {@code no handler for route} for every token, as
 * Vault does for a token whose policy allows the path (for others Vault answers the policy denial first).
 *
 * <p>It is one WireMock server whose single catch-all stub is answered by a {@link ResponseDefinitionTransformerV2}
 * holding the state; requests are answered one at a time, under the double's lock.
 */
public final class VaultDouble implements AutoCloseable {
    /** A version at or after 1.17, where a dead token's 403 also says "invalid token". */
    public static final String DEFAULT_VERSION = "1.17.6";

    private final Clock clock;
    private final VaultDoubleTokens tokens;
    private final VaultDoubleKv kv;
    private final String rootToken;
    private final String clusterId = UUID.randomUUID().toString();
    private final List<String> deniedPrefixes = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> calls = new HashMap<>();
    private final List<String> namespaces = new CopyOnWriteArrayList<>();
    private final List<String> withoutNamespace = new CopyOnWriteArrayList<>();
    private final List<String> tokensSeen = new CopyOnWriteArrayList<>();
    private final WireMockServer server;

    private String approleMount = "approle";
    private String kubernetesMount = "kubernetes";
    private String version = DEFAULT_VERSION;
    private String activeAddress;
    private boolean sealed;
    private boolean standby;
    private volatile int failureStatus;
    private volatile Duration delay = Duration.ZERO;

    private VaultDouble(Clock clock) {
        this.clock = clock;
        this.tokens = new VaultDoubleTokens(clock);
        this.kv = new VaultDoubleKv(clock);
        this.rootToken = tokens.root();
        kv.mount("secret", 2);
        server = new WireMockServer(
                options().dynamicPort().bindAddress("127.0.0.1").extensions(new Handler()));
        server.stubFor(any(urlPathMatching("/.*")).willReturn(aResponse().withStatus(500)));
    }

    /**
     * A running double on a free port and the system clock, with a KV v2 engine at {@code secret/} and a root token.
     */
    public static VaultDouble start() {
        return start(Clock.systemUTC());
    }

    /**
     * A running double whose TTLs, expiries, creation and deletion times all follow {@code clock} (a test's
     * {@code MutableClock} drives it through days in milliseconds); only {@link #delay} is wall time.
     */
    public static VaultDouble start(Clock clock) {
        VaultDouble vault = new VaultDouble(clock);
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
        synchronized (this) {
            calls.clear();
        }
        tokensSeen.clear();
        namespaces.clear();
        withoutNamespace.clear();
    }

    /** {@code VAULT_ADDR}. */
    public String address() {
        return "http://127.0.0.1:" + server.port();
    }

    /** A token that never expires and may do everything but what {@link #deny} forbids, like a dev server's root. */
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

    // ---- configuration ----

    /** Which Vault this pretends to be: before 1.17 a dead token's 403 says only "permission denied". */
    public synchronized VaultDouble withVaultVersion(String version) {
        this.version = version;
        return this;
    }

    /** Enables another KV version 2 engine. */
    public synchronized VaultDouble withKvMount(String mount) {
        kv.mount(mount, 2);
        return this;
    }

    /**
     * Enables a KV version 1 engine ({@code vault secrets enable -version=1 -path=<mount> kv}): every path below it is
     * a plain key, {@code data/<path>} included.
     */
    public synchronized VaultDouble withKvV1Mount(String mount) {
        kv.mount(mount, 1);
        return this;
    }

    /**
     * {@code POST <mount>/config} of a KV v2 engine: {@code max_versions} (0: the default, 10) and
     * {@code delete_version_after} (zero: none; negative: disabled for every secret).
     */
    public synchronized VaultDouble withMountConfig(String mount, int maxVersions, Duration deleteVersionAfter) {
        VaultDoubleKv.Mount m = kv.mounts().get(mount);
        if (m == null || m.version != 2) {
            throw new IllegalArgumentException("no KV v2 engine is mounted at " + mount + "/");
        }
        m.maxVersions = maxVersions;
        m.deleteVersionAfter = deleteVersionAfter.isNegative()
                ? Duration.ofSeconds(-1)
                : Duration.ofSeconds(deleteVersionAfter.getSeconds());
        return this;
    }

    /** {@code POST <mount>/metadata/<path>} with {@code max_versions} and {@code delete_version_after}. */
    public synchronized VaultDouble withSecretRetention(
            String mount, String path, int maxVersions, Duration deleteVersionAfter) {
        kv.retention(mount, path, maxVersions, deleteVersionAfter);
        return this;
    }

    /** Registers an AppRole whose login is this role id and secret id (unlimited uses, no TTL). */
    public synchronized VaultDouble withAppRole(String roleId, String secretId) {
        tokens.appRole(roleId, secretId);
        return this;
    }

    /**
     * Limits a registered secret id as {@code secret_id_num_uses} and {@code secret_id_ttl} do (0 or zero: unlimited),
     * counting its TTL from now.
     */
    public synchronized VaultDouble withSecretIdLimits(String secretId, int numUses, Duration ttl) {
        tokens.secretIdLimits(secretId, numUses, ttl);
        return this;
    }

    /** A new secret id for the role, as {@code vault write auth/approle/role/<role>/secret-id num_uses=.. ttl=..}. */
    public synchronized String issueSecretId(String roleId, int numUses, Duration ttl) {
        return tokens.issueSecretId(roleId, numUses, ttl);
    }

    /** Moves the AppRole auth method to another mount. */
    public synchronized VaultDouble withAppRoleMount(String mount) {
        approleMount = mount;
        return this;
    }

    /** Registers a Kubernetes auth role that accepts this service account JWT. */
    public synchronized VaultDouble withKubernetesRole(String role, String jwt) {
        tokens.kubernetesRole(role, jwt);
        return this;
    }

    /** Moves the Kubernetes auth method to another mount. */
    public synchronized VaultDouble withKubernetesMount(String mount) {
        kubernetesMount = mount;
        return this;
    }

    /** The role's {@code token_ttl} and {@code token_max_ttl} for the tokens logins issue (whole seconds). */
    public synchronized VaultDouble withLoginTokenTtl(Duration ttl, Duration maxTtl) {
        tokens.loginTtl = ttl;
        tokens.loginMaxTtl = maxTtl;
        return this;
    }

    /** The role's {@code token_type}: "service" (the default) or "batch" (not renewable, not revocable). */
    public synchronized VaultDouble withLoginTokenType(String type) {
        if (!type.equals("service") && !type.equals("batch")) {
            throw new IllegalArgumentException("invalid 'token_type' value \"" + type + "\"");
        }
        tokens.loginTokenType = type;
        return this;
    }

    /** Whether the service tokens logins issue are renewable (they are by default). */
    public synchronized VaultDouble withLoginTokenRenewable(boolean renewable) {
        tokens.loginRenewable = renewable;
        return this;
    }

    /**
     * The AppRole user lockout (Vault 1.13+, on by default: 5 failed logins, 15 minutes); a threshold of 0 turns it
     * off, as {@code user_lockout "approle" { disable_lockout = true }} does.
     */
    public synchronized VaultDouble withUserLockout(int threshold, Duration duration) {
        tokens.lockoutThreshold = threshold;
        tokens.lockoutDuration = duration;
        return this;
    }

    /** Where a standby's 307 sends clients (the active node's {@code api_addr}); this double's own by default. */
    public synchronized VaultDouble withActiveAddress(String address) {
        activeAddress = address;
        return this;
    }

    /** Requests under this path (after {@code /v1/}) answer 403 permission denied, as a policy without it would. */
    public VaultDouble deny(String pathPrefix) {
        deniedPrefixes.add(pathPrefix);
        return this;
    }

    // ---- what operators do ----

    /** Issues a service token as {@code vault token create -ttl=.. -explicit-max-ttl=.. -renewable=..} would. */
    public synchronized String createToken(Duration ttl, Duration maxTtl, boolean renewable) {
        return tokens.issue("service", ttl, maxTtl, renewable, "auth/token/create", "token").id;
    }

    /** Issues a batch token as {@code vault token create -type=batch -ttl=..} would. */
    public synchronized String createBatchToken(Duration ttl) {
        return tokens.issue("batch", ttl, Duration.ZERO, false, "auth/token/create", "token").id;
    }

    /** Revokes a token at once, as an operator's {@code vault token revoke} would. */
    public synchronized void revoke(String token) {
        tokens.revoke(token);
    }

    /** Writes a new version as {@code vault kv put} would and returns its number (0 on a KV v1 engine). */
    public synchronized int write(String mount, String path, Map<String, ?> data) {
        return kv.write(mount, path, data);
    }

    /** Soft-deletes versions as {@code vault kv delete -versions=...} would (no versions: the latest). */
    public synchronized void softDelete(String mount, String path, int... versions) {
        kv.softDelete(mount, path, versions);
    }

    /** Destroys versions as {@code vault kv destroy -versions=...} would. */
    public synchronized void destroy(String mount, String path, int... versions) {
        kv.destroy(mount, path, versions);
    }

    /** The latest version number at the path, 0 when nothing is there. */
    public synchronized int currentVersion(String mount, String path) {
        return kv.currentVersion(mount, path);
    }

    /** Runs {@code interloper} when the next KV write arrives, before it is applied: a concurrent operator's write. */
    public synchronized void beforeNextWrite(Runnable interloper) {
        kv.beforeNextWrite(interloper);
    }

    /**
     * Seals Vault: every request but {@code sys/health} and {@code sys/seal-status} answers 503 {@code Vault is
     * sealed}. Token TTLs keep running on the clock; a token that expired meanwhile is dead after {@link #unseal}.
     */
    public synchronized void seal() {
        sealed = true;
    }

    /** Unseals Vault. */
    public synchronized void unseal() {
        sealed = false;
    }

    /**
     * Makes this node a standby with request forwarding off: every request but {@code sys/health} and
     * {@code sys/seal-status} answers 307 with {@code Location} on the same path and query at the active node.
     */
    public synchronized void standby(boolean standby) {
        this.standby = standby;
    }

    /** Every request answers this status with Vault's error body (503: sealed) until {@link #recover}. */
    public void failWith(int status) {
        failureStatus = status;
    }

    /** Every request waits this long (wall time) before it is answered. */
    public void delay(Duration wait) {
        delay = wait;
    }

    /** Ends {@link #failWith} and {@link #delay} (not {@link #seal} or {@link #standby}). */
    public void recover() {
        failureStatus = 0;
        delay = Duration.ZERO;
    }

    // ---- what the double saw ----

    /** How many requests reached this method and path (query excluded), answered or not. */
    public synchronized int calls(String method, String path) {
        AtomicInteger count = calls.get(method + " " + path);
        return count == null ? 0 : count.get();
    }

    /** The {@code X-Vault-Namespace} headers received, in order. */
    public List<String> namespacesSeen() {
        return List.copyOf(namespaces);
    }

    /**
     * Method and path ({@code "GET /v1/secret/data/x"}) of every request that came without {@code X-Vault-Namespace}.
     */
    public List<String> requestsWithoutNamespace() {
        return List.copyOf(withoutNamespace);
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

    private synchronized ResponseDefinition answer(Request request) {
        String method = request.getMethod().getName();
        String path = URI.create(request.getUrl()).getRawPath();
        calls.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
        String namespace = request.getHeader("X-Vault-Namespace");
        if (namespace != null) {
            namespaces.add(namespace);
        } else {
            withoutNamespace.add(method + " " + path);
        }
        if (failureStatus != 0) {
            return error(failureStatus, failureStatus == 503 ? "Vault is sealed" : "internal error");
        }
        if (!path.startsWith("/v1/")) {
            return noRoute(path);
        }
        String route = path.substring("/v1/".length());
        if (route.equals("sys/health") || route.equals("sys/seal-status")) {
            return status(route, request);
        }
        if (sealed) {
            // sdk/helper/consts/error.go ErrSealed, mapped to 503 by AdjustErrorStatusCode; logins included
            return error(503, "Vault is sealed");
        }
        if (standby) {
            return redirectToActive(request);
        }
        try {
            if (route.equals("auth/" + approleMount + "/login") && isWrite(method)) {
                return tokens.appRoleLogin(approleMount, body(request));
            }
            if (route.equals("auth/" + kubernetesMount + "/login") && isWrite(method)) {
                return tokens.kubernetesLogin(kubernetesMount, body(request));
            }
            return authenticated(method, route, request);
        } catch (JsonProcessingException e) {
            return error(400, "failed to parse JSON input: " + e.getOriginalMessage());
        }
    }

    /**
     * vault/request_handling.go: the token is checked in core before any routing, so a dead token gets the same answer
     * on every path, {@code lookup-self} and {@code renew-self} included.
     */
    private ResponseDefinition authenticated(String method, String route, Request request)
            throws JsonProcessingException {
        String header = request.getHeader("X-Vault-Token");
        if (header == null) {
            String authorization = request.getHeader("Authorization");
            if (authorization != null && authorization.startsWith("Bearer ")) {
                header = authorization.substring("Bearer ".length());
            }
        }
        if (header == null || header.isEmpty()) {
            // fetchACLTokenEntryAndEntity with no client token: plain ErrPermissionDenied, in every version
            return error(403, "permission denied");
        }
        tokensSeen.add(header);
        VaultDoubleTokens.Token token = tokens.find(header);
        if (token == null || !token.valid(clock.instant())) {
            return error(403, deadTokenText());
        }
        if (route.startsWith("sys/internal/ui/mounts/") && method.equals("GET")) {
            return uiMount(route.substring("sys/internal/ui/mounts/".length()));
        }
        if (deniedPrefixes.stream().anyMatch(route::startsWith)) {
            // CheckToken appends ErrPermissionDenied to the ACL result, a multierror: the body is its Error()
            return error(403, multierror("permission denied"));
        }
        switch (route) {
            case "auth/token/lookup-self":
                return method.equals("GET") ? tokens.lookupSelf(token) : unsupported(method);
            case "auth/token/renew-self":
                return isWrite(method) ? tokens.renewSelf(token, body(request)) : unsupported(method);
            case "auth/token/revoke-self":
                return isWrite(method) ? tokens.revokeSelf(token) : unsupported(method);
            default:
                VaultDoubleKv.Mount mount = kv.mountFor(route);
                if (mount == null) {
                    return noRoute(route);
                }
                QueryParameter version = request.queryParameter("version");
                return kv.handle(
                        mount, method, route, body(request), version.isPresent() ? version.firstValue() : null);
        }
    }

    /**
     * 403 for a revoked, expired or unknown token. Vault 1.17.0 added "invalid token" (CHANGELOG 1.17.0, GH-25953;
     * docs/concepts/tokens "Error responses"): {@code "2 errors occurred:\n\t* permission denied\n\t* invalid
     * token\n\n"}. Before that, {@code "permission denied"} alone, as for a token the policy denies.
     */
    private String deadTokenText() {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
        return major > 1 || major == 1 && minor >= 17
                ? multierror("permission denied", "invalid token")
                : "permission denied";
    }

    private static ResponseDefinition unsupported(String method) {
        return VaultDoubleAnswers.wrapped(405, "unsupported operation");
    }

    /**
     * {@code GET sys/internal/ui/mounts/<path>} (vault/logical_system.go pathInternalUIMountRead;
     * developer.hashicorp.com/vault/api-docs/system/internal-ui-mounts). The path is unauthenticated in the router, so
     * no capability on {@code sys/internal/ui/mounts} itself is needed; the handler looks the token up (a dead one gets
     * the dead-token 403) and answers when the token's policy grants anything under the mount ({@code hasMountAccess}):
     * here, unless a {@link #deny} covers the whole mount. A path under no mount answers the same 403 as a mount
     * without access, so mounts cannot be enumerated.
     */
    private ResponseDefinition uiMount(String path) {
        if (path.isEmpty()) {
            return error(400, "path not set");
        }
        String sanitized = (path.startsWith("/") ? path.substring(1) : path) + (path.endsWith("/") ? "" : "/");
        ResponseDefinition refused = error(
                403,
                "preflight capability check returned 403, please ensure client's policies grant access to path \""
                        + sanitized + "\"");
        Map<String, Map<String, Object>> mounts = new LinkedHashMap<>();
        mounts.put("sys/", VaultDoubleKv.mountInfo("sys/", "system", null, "system_00000001"));
        mounts.put("cubbyhole/", VaultDoubleKv.mountInfo("cubbyhole/", "cubbyhole", null, "cubbyhole_00000002"));
        mounts.put("identity/", VaultDoubleKv.mountInfo("identity/", "identity", null, "identity_00000003"));
        mounts.put("auth/token/", VaultDoubleKv.mountInfo("auth/token/", "token", null, "auth_token_00000004"));
        String approle = "auth/" + approleMount + "/";
        mounts.put(approle, VaultDoubleKv.mountInfo(approle, "approle", null, "auth_approle_00000005"));
        String kubernetes = "auth/" + kubernetesMount + "/";
        mounts.put(kubernetes, VaultDoubleKv.mountInfo(kubernetes, "kubernetes", null, "auth_kubernetes_00000006"));
        kv.mounts()
                .values()
                .forEach(m -> mounts.put(
                        m.path + "/",
                        VaultDoubleKv.mountInfo(
                                m.path + "/", "kv", Map.of("version", String.valueOf(m.version)), m.accessor)));
        String match = mounts.keySet().stream()
                .filter(sanitized::startsWith)
                .max((a, b) -> Integer.compare(a.length(), b.length()))
                .orElse(null);
        if (match == null || deniedPrefixes.stream().anyMatch(match::startsWith)) {
            return refused;
        }
        return ok(Map.of("data", mounts.get(match)));
    }

    /**
     * http/handler.go respondStandby: a standby that cannot forward answers 307, no body, {@code Location} the active
     * node's address with the same path and query, so the method and body are sent again there.
     */
    private ResponseDefinition redirectToActive(Request request) {
        String target = (activeAddress == null ? address() : activeAddress) + request.getUrl();
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(307)
                .withHeader("Location", target)
                .withHeader("Cache-Control", "no-store")
                .build();
    }

    /**
     * {@code sys/health} and {@code sys/seal-status}, answered by their own handlers while sealed or standby
     * (http/sys_health.go: 200 active, 429 standby unless {@code standbyok=true}, 503 sealed; http/sys_seal.go).
     */
    private ResponseDefinition status(String route, Request request) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (route.equals("sys/seal-status")) {
            body.put("type", "shamir");
            body.put("initialized", true);
            body.put("sealed", sealed);
            body.put("t", 1);
            body.put("n", 1);
            body.put("progress", 0);
            body.put("nonce", "");
            body.put("version", version);
            body.put("migration", false);
            if (!sealed) {
                body.put("cluster_name", "vault-cluster-double");
                body.put("cluster_id", clusterId);
            }
            body.put("recovery_seal", false);
            body.put("storage_type", "raft");
            return json(200, body);
        }
        body.put("initialized", true);
        body.put("sealed", sealed);
        body.put("standby", sealed || standby);
        body.put("performance_standby", false);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", "disabled");
        body.put("server_time_utc", clock.instant().getEpochSecond());
        body.put("version", version);
        body.put("cluster_name", "vault-cluster-double");
        body.put("cluster_id", clusterId);
        QueryParameter standbyOk = request.queryParameter("standbyok");
        int status = sealed
                ? 503
                : standby && !(standbyOk.isPresent() && standbyOk.firstValue().equals("true")) ? 429 : 200;
        return json(status, body);
    }

    private static JsonNode body(Request request) throws JsonProcessingException {
        String text = request.getBodyAsString();
        return text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    }

    private static boolean isWrite(String method) {
        return method.equals("POST") || method.equals("PUT");
    }

    @Override
    public String toString() {
        return "VaultDouble[" + address() + ", kv "
                + new ArrayList<>(kv.mounts().keySet()) + "]";
    }
}
