package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.testsupport.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Vault double itself, spoken to over plain HTTP as any client would, each behaviour pinned to the Vault source or
 * document it follows (repositories on github.com; docs on developer.hashicorp.com). The adapter's own tests rely on
 * these answers being Vault's.
 */
class VaultDoubleTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE_ID = "gaara-role";
    private static final String SECRET_ID = "gaara-secret-id";
    private static final String DEAD_SINCE_1_17 = "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n";
    private static final String DENIED = "1 error occurred:\n\t* permission denied\n\n";

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T08:00:00Z"));
    private VaultDouble vault;

    @BeforeEach
    void start() {
        vault = VaultDouble.start(clock).withAppRole(ROLE_ID, SECRET_ID);
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    // ---- tokens ----

    @Test
    @DisplayName("A role issuing batch tokens: hvb. token, not renewable, renew-self and revoke-self refused with 400 "
            + "(hashicorp/vault vault/token_store.go handleRenew, revokeCommon; docs/concepts/tokens)")
    void batchTokenFromLogin() {
        vault.withLoginTokenType("batch").withLoginTokenTtl(Duration.ofMinutes(20), Duration.ofHours(1));

        Answer login = appRoleLogin(SECRET_ID);
        JsonNode auth = login.body().get("auth");
        String token = auth.get("client_token").asText();
        assertThat(token).startsWith("hvb.");
        assertThat(auth.get("token_type").asText()).isEqualTo("batch");
        assertThat(auth.get("renewable").asBoolean()).isFalse();
        assertThat(auth.get("accessor").asText()).isEmpty();
        assertThat(auth.get("lease_duration").asLong()).isEqualTo(1200);

        JsonNode lookup =
                call("GET", "auth/token/lookup-self", token, null).body().get("data");
        assertThat(lookup.get("type").asText()).isEqualTo("batch");
        assertThat(lookup.get("renewable").asBoolean()).isFalse();

        Answer renew = call("POST", "auth/token/renew-self", token, "{}");
        assertThat(renew.status()).isEqualTo(400);
        assertThat(renew.errors()).isEqualTo("batch tokens cannot be renewed");

        Answer revoke = call("POST", "auth/token/revoke-self", token, null);
        assertThat(revoke.status()).isEqualTo(400);
        assertThat(revoke.errors()).isEqualTo("batch tokens cannot be revoked");
        assertThat(call("GET", "auth/token/lookup-self", token, null).status())
                .as("not revoked")
                .isEqualTo(200);
    }

    @Test
    @DisplayName("A batch token dies at creation_time + TTL, whole seconds, and is then a dead token "
            + "(hashicorp/vault vault/token_store.go lookupBatchToken)")
    void batchTokenExpires() {
        String token = vault.createBatchToken(Duration.ofSeconds(90));
        assertThat(token).startsWith("hvb.");

        clock.advance(Duration.ofSeconds(89));
        assertThat(call("GET", "auth/token/lookup-self", token, null)
                        .body()
                        .at("/data/ttl")
                        .asLong())
                .isEqualTo(1);

        clock.advance(Duration.ofSeconds(2));
        Answer dead = call("GET", "auth/token/lookup-self", token, null);
        assertThat(dead.status()).isEqualTo(403);
        assertThat(dead.errors()).isEqualTo(DEAD_SINCE_1_17);
    }

    @Test
    @DisplayName("renew-self near the max TTL: 200, lease_duration capped to what is left, and CalculateTTL's warning "
            + "(hashicorp/vault sdk/framework/lease.go CalculateTTL, humanDuration)")
    void renewCappedAtMaxTtl() {
        String token = vault.createToken(Duration.ofHours(1), Duration.ofMinutes(90), true);

        clock.advance(Duration.ofMinutes(10));
        Answer early = call("POST", "auth/token/renew-self", token, "{}");
        assertThat(early.status()).isEqualTo(200);
        assertThat(early.body().at("/auth/lease_duration").asLong()).isEqualTo(3600);
        assertThat(early.body().get("warnings").isNull()).isTrue();

        clock.advance(Duration.ofMinutes(35));
        Answer capped = call("POST", "auth/token/renew-self", token, "{}");
        assertThat(capped.status()).isEqualTo(200);
        assertThat(capped.body().at("/auth/lease_duration").asLong()).isEqualTo(45 * 60);
        assertThat(capped.body().get("warnings").get(0).asText())
                .isEqualTo("TTL of \"1h\" exceeded the effective max_ttl of \"45m\"; TTL value is capped accordingly");

        clock.advance(Duration.ofMinutes(45).plusSeconds(1));
        assertThat(call("POST", "auth/token/renew-self", token, "{}").errors()).isEqualTo(DEAD_SINCE_1_17);
    }

    @Test
    @DisplayName("renew-self of a non-renewable service token: 400 \"lease is not renewable\" "
            + "(hashicorp/vault vault/expiration.go leaseEntry.renewable)")
    void nonRenewableServiceToken() {
        vault.withLoginTokenRenewable(false);
        String token = appRoleLogin(SECRET_ID).body().at("/auth/client_token").asText();
        assertThat(token).startsWith("hvs.");

        Answer renew = call("POST", "auth/token/renew-self", token, "{}");

        assertThat(renew.status()).isEqualTo(400);
        assertThat(renew.errors()).isEqualTo("lease is not renewable");
    }

    @Test
    @DisplayName("TTLs are whole seconds on the double's clock (lookup-self ttl, hashicorp/vault token_store.go "
            + "handleLookup)")
    void ttlInWholeSecondsOnTheClock() {
        String token = vault.createToken(Duration.ofSeconds(90), Duration.ofHours(1), true);

        clock.advance(Duration.ofMillis(30_500));

        JsonNode data =
                call("GET", "auth/token/lookup-self", token, null).body().get("data");
        assertThat(data.get("ttl").asLong()).isEqualTo(59);
        assertThat(data.get("creation_ttl").asLong()).isEqualTo(90);
        assertThat(data.get("type").asText()).isEqualTo("service");
    }

    // ---- dead tokens and denials ----

    @Test
    @DisplayName("Vault 1.17+: a revoked, expired or unknown token is 403 \"permission denied\" + \"invalid token\"; "
            + "a policy denial only \"permission denied\" (hashicorp/vault CHANGELOG 1.17.0 GH-25953, "
            + "http/auth_token_test.go TestToken_InvalidTokenError)")
    void deadAndDeniedSince117() {
        vault.withVaultVersion("1.17.0").deny("secret/data/forbidden");
        String revoked = vault.createToken(Duration.ofHours(1), Duration.ofHours(1), true);
        vault.revoke(revoked);
        String expired = vault.createToken(Duration.ofMinutes(1), Duration.ofHours(1), true);
        clock.advance(Duration.ofMinutes(2));

        for (String dead : new String[] {revoked, expired, "hvs.unknownunknownunknown1"}) {
            Answer answer = call("GET", "secret/data/gaara/x", dead, null);
            assertThat(answer.status()).isEqualTo(403);
            assertThat(answer.errors()).isEqualTo(DEAD_SINCE_1_17);
        }
        Answer denied = call("GET", "secret/data/forbidden/x", vault.rootToken(), null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errors()).isEqualTo(DENIED).doesNotContain("invalid token");
    }

    @Test
    @DisplayName("Before 1.17: a dead token is 403 \"permission denied\" alone, like a denial "
            + "(hashicorp/vault vault/request_handling.go fetchACLTokenEntryAndEntity before GH-25953)")
    void deadAndDeniedBefore117() {
        vault.withVaultVersion("1.16.3").deny("secret/data/forbidden");
        String revoked = vault.createToken(Duration.ofHours(1), Duration.ofHours(1), true);
        vault.revoke(revoked);

        Answer dead = call("GET", "secret/data/gaara/x", revoked, null);
        assertThat(dead.status()).isEqualTo(403);
        assertThat(dead.errors()).isEqualTo("permission denied");
        assertThat(call("GET", "secret/data/forbidden/x", vault.rootToken(), null)
                        .errors())
                .isEqualTo(DENIED);
    }

    // ---- AppRole secret ids ----

    @Test
    @DisplayName("A secret id with num_uses: each login uses one, then 400 \"invalid role or secret ID\" "
            + "(hashicorp/vault builtin/credential/approle/path_login.go)")
    void secretIdUses() {
        String secretId = vault.issueSecretId(ROLE_ID, 2, Duration.ZERO);

        assertThat(appRoleLogin(secretId).status()).isEqualTo(200);
        assertThat(appRoleLogin(secretId).status()).isEqualTo(200);
        Answer third = appRoleLogin(secretId);

        assertThat(third.status()).isEqualTo(400);
        assertThat(third.errors()).isEqualTo("invalid role or secret ID");
        assertThat(appRoleLogin(SECRET_ID).status())
                .as("the unlimited one still works")
                .isEqualTo(200);
    }

    @Test
    @DisplayName("A secret id past its secret_id_ttl is refused with 400 \"invalid role or secret ID\" "
            + "(hashicorp/vault builtin/credential/approle/backend.go periodic tidy, path_login.go)")
    void secretIdTtl() {
        vault.withSecretIdLimits(SECRET_ID, 0, Duration.ofMinutes(10));

        clock.advance(Duration.ofMinutes(9));
        assertThat(appRoleLogin(SECRET_ID).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        Answer late = appRoleLogin(SECRET_ID);

        assertThat(late.status()).isEqualTo(400);
        assertThat(late.errors()).isEqualTo("invalid role or secret ID");
    }

    @Test
    @DisplayName("User lockout: after 5 failed AppRole logins even the right secret id is 403 for 15 minutes "
            + "(developer.hashicorp.com/vault/docs/concepts/user-lockout)")
    void userLockout() {
        for (int i = 0; i < 5; i++) {
            assertThat(appRoleLogin("wrong-" + i).status()).isEqualTo(400);
        }

        Answer locked = appRoleLogin(SECRET_ID);
        assertThat(locked.status()).isEqualTo(403);
        assertThat(locked.errors()).isEqualTo("permission denied");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(appRoleLogin(SECRET_ID).status()).isEqualTo(200);
    }

    // ---- seal and standby ----

    @Test
    @DisplayName("Sealed: 503 \"Vault is sealed\" for everything, logins too; TTLs run on, so a token that expired "
            + "while sealed is dead after unseal (sdk/helper/consts ErrSealed; vault/token_store.go lookupInternal)")
    void sealedAndUnsealed() {
        vault.withLoginTokenTtl(Duration.ofHours(1), Duration.ofHours(24));
        String token = appRoleLogin(SECRET_ID).body().at("/auth/client_token").asText();

        vault.seal();
        Answer read = call("GET", "secret/data/gaara/x", token, null);
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.errors()).isEqualTo("Vault is sealed");
        assertThat(appRoleLogin(SECRET_ID).status()).isEqualTo(503);
        assertThat(call("GET", "sys/health", null, null).status()).isEqualTo(503);
        assertThat(call("GET", "sys/seal-status", null, null)
                        .body()
                        .get("sealed")
                        .asBoolean())
                .isTrue();

        clock.advance(Duration.ofHours(2));
        vault.unseal();

        Answer after = call("GET", "auth/token/lookup-self", token, null);
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.errors()).isEqualTo(DEAD_SINCE_1_17);
        assertThat(appRoleLogin(SECRET_ID).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("Standby without request forwarding: 307, empty body, Location on the active node with the same "
            + "path and query (hashicorp/vault http/handler.go respondStandby)")
    void standbyRedirects() {
        vault.standby(true);

        Answer redirect = call("GET", "secret/data/gaara/x?version=2", vault.rootToken(), null);
        assertThat(redirect.status()).isEqualTo(307);
        assertThat(redirect.location()).contains(vault.address() + "/v1/secret/data/gaara/x?version=2");
        assertThat(redirect.text()).isEmpty();
        assertThat(appRoleLogin(SECRET_ID).status()).isEqualTo(307);
        assertThat(call("GET", "sys/health", null, null).status()).as("standby").isEqualTo(429);

        vault.withActiveAddress("http://vault-active.example:8200");
        assertThat(call("GET", "auth/token/lookup-self", vault.rootToken(), null)
                        .location())
                .contains("http://vault-active.example:8200/v1/auth/token/lookup-self");

        vault.standby(false);
        assertThat(call("GET", "auth/token/lookup-self", vault.rootToken(), null)
                        .status())
                .isEqualTo(200);
    }

    // ---- KV v1 and v2 ----

    @Test
    @DisplayName("sys/internal/ui/mounts/<path> tells KV v1 from v2 by options.version, path with a trailing slash; "
            + "no mount is the preflight 403 (hashicorp/vault vault/logical_system.go pathInternalUIMountRead)")
    void mountPreflight() {
        vault.withKvV1Mount("kv1");
        String root = vault.rootToken();

        JsonNode v2 = call("GET", "sys/internal/ui/mounts/secret/gaara/x", root, null)
                .body()
                .get("data");
        assertThat(v2.get("type").asText()).isEqualTo("kv");
        assertThat(v2.at("/options/version").asText()).isEqualTo("2");
        assertThat(v2.get("path").asText()).isEqualTo("secret/");

        JsonNode v1 =
                call("GET", "sys/internal/ui/mounts/kv1", root, null).body().get("data");
        assertThat(v1.get("type").asText()).isEqualTo("kv");
        assertThat(v1.at("/options/version").asText()).isEqualTo("1");
        assertThat(v1.get("path").asText()).isEqualTo("kv1/");

        Answer none = call("GET", "sys/internal/ui/mounts/nomount/x", root, null);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.errors())
                .isEqualTo("preflight capability check returned 403, please ensure client's policies grant access "
                        + "to path \"nomount/x/\"");

        String login = appRoleLogin(SECRET_ID).body().at("/auth/client_token").asText();
        assertThat(call("GET", "sys/internal/ui/mounts/secret", login, null).status())
                .as("any valid token")
                .isEqualTo(200);
        vault.revoke(login);
        assertThat(call("GET", "sys/internal/ui/mounts/secret", login, null).errors())
                .isEqualTo(DEAD_SINCE_1_17);
    }

    @Test
    @DisplayName("KV v1: data/<path> is a plain key, absent 404 {\"errors\":[]}, a v2-shaped write stored as is "
            + "(hashicorp/vault-plugin-secrets-kv passthrough.go)")
    void kvVersion1() {
        vault.withKvV1Mount("kv1");
        String root = vault.rootToken();

        Answer absent = call("GET", "kv1/data/gaara/JWT_SECRET_KEY", root, null);
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.body().get("errors")).isEmpty();

        Answer write = call("POST", "kv1/data/gaara/JWT_SECRET_KEY", root, "{\"data\":{\"value\":\"v1\"}}");
        assertThat(write.status()).isEqualTo(204);

        Answer read = call("GET", "kv1/data/gaara/JWT_SECRET_KEY", root, null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body().at("/data/data/value").asText()).isEqualTo("v1");
        assertThat(read.body().at("/data/metadata").isMissingNode()).isTrue();
        assertThat(read.body().get("lease_duration").asLong()).isEqualTo(2_764_800);

        assertThat(call("POST", "kv1/x", root, "{}").errors()).isEqualTo("missing data fields");
    }

    @Test
    @DisplayName("KV v2 on a path that is not one of its own: 404, data null and the 'vault kv get' warning "
            + "(hashicorp/vault-plugin-secrets-kv backend.go pathInvalid)")
    void kvVersion2InvalidPath() {
        Answer answer = call("GET", "secret/gaara/x", vault.rootToken(), null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("data").isNull()).isTrue();
        assertThat(answer.body().get("warnings").get(0).asText())
                .startsWith("Invalid path for a versioned K/V secrets engine.")
                .endsWith("use 'vault kv get' for this operation.");
    }

    @Test
    @DisplayName("Retention: mount config served at <mount>/config; the greater max_versions wins and older versions "
            + "are dropped (vault-plugin-secrets-kv path_config.go, path_data.go AddVersion; hashicorp/vault#22394)")
    void maxVersions() {
        String root = vault.rootToken();
        JsonNode defaults = call("GET", "secret/config", root, null).body().get("data");
        assertThat(defaults.get("max_versions").asInt()).isZero();
        assertThat(defaults.get("delete_version_after").asText()).isEqualTo("0s");

        vault.withMountConfig("secret", 3, Duration.ofHours(1));
        JsonNode config = call("GET", "secret/config", root, null).body().get("data");
        assertThat(config.get("max_versions").asInt()).isEqualTo(3);
        assertThat(config.get("delete_version_after").asText()).isEqualTo("1h0m0s");

        for (int i = 1; i <= 5; i++) {
            vault.write("secret", "gaara/a", Map.of("value", "v" + i));
        }
        Answer dropped = call("GET", "secret/data/gaara/a?version=2", root, null);
        assertThat(dropped.status()).isEqualTo(404);
        assertThat(dropped.body().get("errors")).isEmpty();
        JsonNode meta =
                call("GET", "secret/metadata/gaara/a", root, null).body().get("data");
        assertThat(meta.get("oldest_version").asInt()).isEqualTo(3);
        assertThat(meta.get("versions").size()).isEqualTo(3);

        Answer set = call("POST", "secret/metadata/gaara/b", root, "{\"max_versions\":2}");
        assertThat(set.status()).isEqualTo(204);
        vault.withSecretRetention("secret", "gaara/c", 5, Duration.ZERO);
        for (int i = 1; i <= 6; i++) {
            vault.write("secret", "gaara/b", Map.of("value", "v" + i));
            vault.write("secret", "gaara/c", Map.of("value", "v" + i));
        }
        JsonNode b = call("GET", "secret/metadata/gaara/b", root, null).body().get("data");
        assertThat(b.get("max_versions").asInt()).isEqualTo(2);
        assertThat(b.get("versions").size())
                .as("the mount's 3 beats the secret's 2")
                .isEqualTo(3);
        JsonNode c = call("GET", "secret/metadata/gaara/c", root, null).body().get("data");
        assertThat(c.get("versions").size())
                .as("the secret's 5 beats the mount's 3")
                .isEqualTo(5);
    }

    @Test
    @DisplayName("delete_version_after: deletion_time = created + the smaller non-zero setting; past it the version "
            + "reads 404 with data null and its metadata (vault-plugin-secrets-kv delete_version_after.go, "
            + "path_data.go pathDataRead)")
    void deleteVersionAfter() {
        String root = vault.rootToken();
        vault.withMountConfig("secret", 0, Duration.ofHours(1));
        Answer set = call("POST", "secret/metadata/gaara/c", root, "{\"delete_version_after\":\"30m\"}");
        assertThat(set.status()).isEqualTo(204);
        assertThat(call("GET", "secret/metadata/gaara/c", root, null)
                        .body()
                        .at("/data/delete_version_after")
                        .asText())
                .isEqualTo("30m0s");
        Instant created = clock.instant();
        vault.write("secret", "gaara/c", Map.of("value", "soon gone"));

        clock.advance(Duration.ofMinutes(29));
        Answer before = call("GET", "secret/data/gaara/c", root, null);
        assertThat(before.status()).isEqualTo(200);
        assertThat(Instant.parse(
                        before.body().at("/data/metadata/deletion_time").asText()))
                .isEqualTo(created.plus(Duration.ofMinutes(30)));

        clock.advance(Duration.ofMinutes(2));
        Answer after = call("GET", "secret/data/gaara/c", root, null);
        assertThat(after.status()).isEqualTo(404);
        assertThat(after.body().at("/data/data").isNull()).isTrue();
        assertThat(after.body().at("/data/metadata/version").asInt()).isEqualTo(1);
        assertThat(after.body().has("errors")).isFalse();

        vault.withSecretRetention("secret", "gaara/d", 0, Duration.ofHours(2));
        vault.write("secret", "gaara/d", Map.of("value", "mount wins"));
        clock.advance(Duration.ofMinutes(61));
        assertThat(call("GET", "secret/data/gaara/d", root, null).status())
                .as("the mount's 1h is smaller than the secret's 2h")
                .isEqualTo(404);
    }

    // ---- namespaces ----

    @Test
    @DisplayName("Every request is recorded with its X-Vault-Namespace, or as one sent without it")
    void namespaceAbsenceRecorded() {
        send("GET", "secret/data/gaara/x", vault.rootToken(), null, "team-a/gaara");
        send("GET", "secret/data/gaara/y", vault.rootToken(), null, null);

        assertThat(vault.namespacesSeen()).containsExactly("team-a/gaara");
        assertThat(vault.requestsWithoutNamespace()).containsExactly("GET /v1/secret/data/gaara/y");
    }

    // ---- plumbing ----

    private Answer appRoleLogin(String secretId) {
        return call(
                "POST",
                "auth/approle/login",
                null,
                "{\"role_id\":\"" + ROLE_ID + "\",\"secret_id\":\"" + secretId + "\"}");
    }

    private Answer call(String method, String route, String token, String body) {
        return send(method, route, token, body, null);
    }

    private Answer send(String method, String route, String token, String body, String namespace) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + route))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Vault-Token", token);
        }
        if (namespace != null) {
            request.header("X-Vault-Namespace", namespace);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Location"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Answer(int status, Optional<String> location, String text) {
        JsonNode body() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The one string of Vault's {@code errors} array. */
        String errors() {
            JsonNode errors = body().get("errors");
            assertThat(errors).as("errors in %s", text).hasSize(1);
            return errors.get(0).asText();
        }
    }
}
