package io.gaara.adapters.secrets.vault;

import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.error;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.humanDuration;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.noContent;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.ok;
import static io.gaara.adapters.secrets.vault.VaultDoubleAnswers.parseDuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The double's token store and the AppRole and Kubernetes logins that fill it: what Vault's token store
 * ({@code vault/token_store.go}), expiration manager ({@code vault/expiration.go}), {@code sdk/framework/lease.go
 * CalculateTTL}, the AppRole backend ({@code builtin/credential/approle/path_login.go}) and the user lockout of
 * {@code vault/request_handling.go} do with TTLs, renewals, revocations and secret ids. Every time comes from the
 * double's clock. Callers hold the double's lock.
 */
final class VaultDoubleTokens {
    /**
     * The mount's max lease TTL when nothing else caps a token: Vault's default {@code max_lease_ttl}, 768h
     * (developer.hashicorp.com/vault/docs/configuration#max_lease_ttl).
     */
    static final Duration SYSTEM_MAX_TTL = Duration.ofHours(768);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final Clock clock;
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, String> appRoles = new HashMap<>();
    private final Map<String, SecretId> secretIds = new HashMap<>();
    private final Map<String, String> kubernetesRoles = new HashMap<>();
    private final Map<String, Lockout> lockouts = new HashMap<>();

    Duration loginTtl = Duration.ofHours(1);
    Duration loginMaxTtl = Duration.ofHours(24);
    String loginTokenType = "service";
    boolean loginRenewable = true;
    int lockoutThreshold = 5;
    Duration lockoutDuration = Duration.ofMinutes(15);

    /** A token entry: the stored fields of {@code logical.TokenEntry} plus its lease's expiry. */
    static final class Token {
        final String id;
        final String accessor;
        final String type;
        final Instant issued;
        final Duration ttl;
        final Duration maxTtl;
        final boolean renewable;
        final List<String> policies;
        final String path;
        final String displayName;
        final boolean orphan;
        final Map<String, String> meta;
        Instant expires;
        Instant lastRenewal;

        Token(
                String id,
                String type,
                Instant issued,
                Duration ttl,
                Duration maxTtl,
                boolean renewable,
                List<String> policies,
                String path,
                String displayName,
                boolean orphan,
                Map<String, String> meta) {
            this.id = id;
            // batch tokens have no accessor (docs/concepts/tokens.mdx, "Token type comparison")
            this.accessor = type.equals("batch") ? "" : UUID.randomUUID().toString();
            this.type = type;
            this.issued = issued;
            this.ttl = ttl;
            this.maxTtl = maxTtl;
            this.renewable = renewable;
            this.policies = policies;
            this.path = path;
            this.displayName = displayName;
            this.orphan = orphan;
            this.meta = meta;
            // a batch token expires at its creation_time (unix seconds) plus its TTL (token_store.go lookupBatchToken)
            Instant start = type.equals("batch") ? issued.truncatedTo(ChronoUnit.SECONDS) : issued;
            this.expires = ttl.isZero() ? null : start.plus(ttl);
        }

        /**
         * token_store.go lookupInternal: "Only return if we're not past lease expiration",
         * {@code !ExpireTime.Before(now)}. The expiry is an absolute time, so it keeps running while Vault is sealed; a
         * token that expired meanwhile is refused at once after unseal.
         */
        boolean valid(Instant now) {
            return expires == null || !expires.isBefore(now);
        }

        long ttlSeconds(Instant now) {
            return expires == null
                    ? 0
                    : Math.max(0, Duration.between(now, expires).toSeconds());
        }
    }

    private record SecretId(String roleId, int usesLeft, Instant expires) {}

    private record Lockout(int failures, Instant lastFailure, Instant lockedUntil) {}

    VaultDoubleTokens(Clock clock) {
        this.clock = clock;
    }

    /** A non-expiring root token, as {@code vault operator init} or a dev server prints. */
    String root() {
        Token root = new Token(
                "hvs.root" + random(20),
                "service",
                clock.instant(),
                Duration.ZERO,
                Duration.ZERO,
                false,
                List.of("root"),
                "auth/token/root",
                "root",
                true,
                null);
        tokens.put(root.id, root);
        return root.id;
    }

    void appRole(String roleId, String secretId) {
        appRoles.put(roleId, roleId);
        secretIds.put(secretId, new SecretId(roleId, 0, null));
    }

    void kubernetesRole(String role, String jwt) {
        kubernetesRoles.put(role, jwt);
    }

    void secretIdLimits(String secretId, int numUses, Duration ttl) {
        SecretId known = secretIds.get(secretId);
        if (known == null) {
            throw new IllegalArgumentException("no such secret id; register it with withAppRole first");
        }
        secretIds.put(secretId, new SecretId(known.roleId(), numUses, expiry(ttl)));
    }

    /** {@code POST auth/approle/role/<role>/secret-id} with {@code num_uses} and {@code ttl}: a fresh UUID. */
    String issueSecretId(String roleId, int numUses, Duration ttl) {
        appRoles.put(roleId, roleId);
        String secretId = UUID.randomUUID().toString();
        secretIds.put(secretId, new SecretId(roleId, numUses, expiry(ttl)));
        return secretId;
    }

    private Instant expiry(Duration ttl) {
        return ttl == null || ttl.isZero() ? null : clock.instant().plus(ttl);
    }

    Token issue(String type, Duration ttl, Duration maxTtl, boolean renewable, String path, String name) {
        boolean batch = type.equals("batch");
        // batch tokens: "hvb." and an encrypted blob, much longer than a service token's "hvs." and 24 characters
        String id = batch
                ? "hvb.AAAAAQ" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(96))
                : "hvs." + random(24);
        boolean login = path.endsWith("/login");
        Token token = new Token(
                id,
                type,
                clock.instant(),
                whole(ttl),
                whole(maxTtl),
                renewable && !batch,
                List.of("default", "gaara"),
                path,
                name,
                login,
                login ? Map.of("role_name", "gaara") : null);
        tokens.put(id, token);
        return token;
    }

    void revoke(String token) {
        tokens.remove(token);
    }

    Token find(String id) {
        return id == null ? null : tokens.get(id);
    }

    // ---- logins ----

    /**
     * {@code POST auth/<approle>/login}, as {@code path_login.go pathLoginUpdate} answers, behind the user lockout
     * (developer.hashicorp.com/vault/docs/concepts/user-lockout: 5 failed logins lock the role id for 15 minutes,
     * answered 403 "permission denied" even with right credentials; only "invalid role or secret ID" for a known role
     * id counts, since that is where the handler returns {@code logical.ErrInvalidCredentials}).
     */
    ResponseDefinition appRoleLogin(String mount, JsonNode body) {
        Instant now = clock.instant();
        String roleId = body.path("role_id").asText("").trim();
        if (roleId.isEmpty()) {
            return error(400, "missing role_id");
        }
        if (!appRoles.containsKey(roleId)) {
            return error(400, "invalid role or secret ID");
        }
        Lockout lockout = lockouts.get(roleId);
        if (lockout != null && lockout.lockedUntil() != null && now.isBefore(lockout.lockedUntil())) {
            return error(403, "permission denied");
        }
        String secretIdText = body.path("secret_id").asText("").trim();
        if (secretIdText.isEmpty()) {
            return error(400, "missing secret_id");
        }
        SecretId secretId = secretIds.get(secretIdText);
        if (secretId != null && secretId.expires() != null && now.isAfter(secretId.expires())) {
            // Expired secret ids are deleted by the backend's periodic tidy (approle/backend.go, "the SecretID may
            // live in the backend upto 1 min after its expiration"); the login handler has no expiry check of its
            // own. The double deletes at the expiry instant, the strict end of that minute.
            secretIds.remove(secretIdText);
            secretId = null;
        }
        if (secretId == null || !secretId.roleId().equals(roleId)) {
            failedLogin(roleId, now);
            return error(400, "invalid role or secret ID");
        }
        if (secretId.usesLeft() == 1) {
            // "If there exists a single use left, delete the SecretID entry from the storage but do not fail the
            // validation request. Subsequent requests to use the same SecretID will fail."
            secretIds.remove(secretIdText);
        } else if (secretId.usesLeft() > 1) {
            secretIds.put(secretIdText, new SecretId(roleId, secretId.usesLeft() - 1, secretId.expires()));
        }
        lockouts.remove(roleId);
        return login("auth/" + mount + "/login", "approle");
    }

    private void failedLogin(String roleId, Instant now) {
        if (lockoutThreshold <= 0) {
            return;
        }
        Lockout previous = lockouts.get(roleId);
        // lockout_counter_reset (default 15m, the same as lockout_duration): failures older than that are forgotten
        int failures = previous == null || now.isAfter(previous.lastFailure().plus(lockoutDuration))
                ? 1
                : previous.failures() + 1;
        lockouts.put(
                roleId, new Lockout(failures, now, failures >= lockoutThreshold ? now.plus(lockoutDuration) : null));
    }

    /**
     * {@code POST auth/<kubernetes>/login} (vault-plugin-auth-kubernetes path_login.go): an unknown role is 400
     * {@code invalid role name "<role>"}, a JWT the TokenReview refuses 403 {@code permission denied}.
     */
    ResponseDefinition kubernetesLogin(String mount, JsonNode body) {
        String role = body.path("role").asText("");
        String jwt = body.path("jwt").asText("");
        if (role.isEmpty()) {
            return error(400, "missing role");
        }
        if (jwt.isEmpty()) {
            return error(400, "missing jwt");
        }
        String expected = kubernetesRoles.get(role);
        if (expected == null) {
            return error(400, "invalid role name \"" + role + "\"");
        }
        if (!expected.equals(jwt)) {
            return error(403, "permission denied");
        }
        return login("auth/" + mount + "/login", "kubernetes-gaara");
    }

    /**
     * A login's token (request_handling.go LoginCreateToken): the role's token_ttl, capped by its token_max_ttl with
     * CalculateTTL's warning; a batch token is never renewable ("Ensure it's not marked renewable").
     */
    private ResponseDefinition login(String path, String displayName) {
        Instant now = clock.instant();
        Duration ttl = loginTtl.isZero() ? SYSTEM_MAX_TTL : whole(loginTtl);
        Duration max = effectiveMax(loginMaxTtl);
        List<String> warnings = new ArrayList<>();
        if (ttl.compareTo(max) > 0) {
            warnings.add(capWarning(ttl, max));
            ttl = max;
        }
        Token token = issue(loginTokenType, ttl, loginMaxTtl, loginRenewable, path, displayName);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("warnings", warnings.isEmpty() ? null : warnings);
        fields.put("auth", auth(token, now));
        return ok(fields);
    }

    // ---- the token store's own paths ----

    /** {@code GET auth/token/lookup-self}: token_store.go handleLookup plus FetchLeaseTimesByToken. */
    ResponseDefinition lookupSelf(Token token) {
        Instant now = clock.instant();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("accessor", token.accessor);
        data.put("creation_time", token.issued.getEpochSecond());
        data.put("creation_ttl", token.ttl.toSeconds());
        data.put("display_name", token.displayName);
        data.put("entity_id", "");
        data.put("expire_time", token.expires == null ? null : token.expires.toString());
        data.put("explicit_max_ttl", 0);
        data.put("id", token.id);
        if (token.expires != null) {
            data.put("issue_time", token.issued.toString());
        }
        if (token.lastRenewal != null) {
            data.put("last_renewal", token.lastRenewal.toString());
            data.put("last_renewal_time", token.lastRenewal.getEpochSecond());
        }
        data.put("meta", token.meta);
        data.put("num_uses", 0);
        data.put("orphan", token.orphan);
        data.put("path", token.path);
        data.put("policies", token.policies);
        data.put("renewable", token.renewable && token.expires != null);
        data.put("ttl", token.ttlSeconds(now));
        data.put("type", token.type);
        return ok(Map.of("data", data));
    }

    /**
     * {@code POST auth/token/renew-self}: token_store.go handleRenew, expiration.go RenewToken, lease.go CalculateTTL.
     * The requested TTL is {@code increment}, else the token's own TTL; it is capped at issue time plus the least of
     * the mount's max lease TTL and the token's max TTL, with the warning {@code TTL of "1h" exceeded the effective
     * max_ttl of "10m"; TTL value is capped accordingly}. CalculateTTL truncates now and the issue time to the second.
     */
    ResponseDefinition renewSelf(Token token, JsonNode body) {
        if (token.type.equals("batch")) {
            return error(400, "batch tokens cannot be renewed");
        }
        if (token.expires == null) {
            // a root token has no lease: hashicorp/vault http/auth_token_test.go TestAuthTokenRenew
            return error(400, "invalid lease ID");
        }
        if (!token.renewable) {
            return error(400, "lease is not renewable");
        }
        Instant exact = clock.instant();
        Instant now = exact.truncatedTo(ChronoUnit.SECONDS);
        Duration increment = body.has("increment") ? parseDuration(body.get("increment")) : Duration.ZERO;
        Duration ttl = increment.isNegative() || increment.isZero() ? token.ttl : whole(increment);
        Duration maxValid = Duration.between(
                now, token.issued.truncatedTo(ChronoUnit.SECONDS).plus(effectiveMax(token.maxTtl)));
        if (maxValid.isZero() || maxValid.isNegative()) {
            // only in the token's last second; core wraps the plain error (reference notes, belief)
            return VaultDoubleAnswers.wrapped(500, "past the max TTL, cannot renew");
        }
        List<String> warnings = new ArrayList<>();
        if (ttl.compareTo(maxValid) > 0) {
            warnings.add(capWarning(ttl, maxValid));
            ttl = maxValid;
        }
        token.expires = exact.plus(ttl);
        token.lastRenewal = exact;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("warnings", warnings.isEmpty() ? null : warnings);
        fields.put("auth", auth(token, exact));
        return ok(fields);
    }

    /** {@code POST auth/token/revoke-self}: 204, except a batch token (token_store.go revokeCommon). */
    ResponseDefinition revokeSelf(Token token) {
        if (token.type.equals("batch")) {
            return error(400, "batch tokens cannot be revoked");
        }
        tokens.remove(token.id);
        return noContent();
    }

    private static String capWarning(Duration ttl, Duration max) {
        return "TTL of \"" + humanDuration(ttl) + "\" exceeded the effective max_ttl of \"" + humanDuration(max)
                + "\"; TTL value is capped accordingly";
    }

    private static Duration effectiveMax(Duration tokenMax) {
        return tokenMax.isZero() || tokenMax.compareTo(SYSTEM_MAX_TTL) > 0 ? SYSTEM_MAX_TTL : tokenMax;
    }

    private static Map<String, Object> auth(Token token, Instant now) {
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("client_token", token.id);
        auth.put("accessor", token.accessor);
        auth.put("policies", token.policies);
        auth.put("token_policies", token.policies);
        auth.put("metadata", token.meta);
        auth.put("lease_duration", token.ttlSeconds(now));
        auth.put("renewable", token.renewable);
        auth.put("entity_id", "");
        auth.put("token_type", token.type);
        auth.put("orphan", token.orphan);
        auth.put("mfa_requirement", null);
        auth.put("num_uses", 0);
        return auth;
    }

    /** Vault counts TTLs in whole seconds (TypeDurationSecond fields, {@code int(ttl.Seconds())} in answers). */
    private static Duration whole(Duration duration) {
        return Duration.ofSeconds(duration.toSeconds());
    }

    private static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String random(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return text.toString();
    }
}
