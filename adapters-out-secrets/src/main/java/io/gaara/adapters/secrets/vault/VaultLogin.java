package io.gaara.adapters.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import io.gaara.adapters.secrets.vault.VaultCallException.Kind;
import io.gaara.adapters.secrets.vault.VaultSession.Grant;
import io.gaara.adapters.secrets.vault.VaultSettings.AppRoleAuth;
import io.gaara.adapters.secrets.vault.VaultSettings.KubernetesAuth;
import io.gaara.adapters.secrets.vault.VaultSettings.TokenAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.springframework.vault.support.VaultToken;

/**
 * How Gaara obtains a Vault token: by logging in (AppRole, Kubernetes), or by looking up the token it was given
 * ({@code VAULT_TOKEN}), which tells its TTL and whether it renews. Every way fails with a {@link VaultCallException}
 * whose kind says whether trying again can help; its message never holds a token, a secret id or a JWT.
 *
 * <p>The login requests are written here rather than taken from spring-vault's {@code ClientAuthentication}s, which
 * answer every failure with one exception type: the session must tell a sealed or standby Vault (try again soon) from a
 * refused secret id (an operator must act), and must re-read a secret id or service account token from its file at
 * every login so that it can be replaced while the server runs.
 */
sealed interface VaultLogin permits VaultLogin.GivenToken, VaultLogin.AppRole, VaultLogin.Kubernetes {
    /** A token, or why none could be had. */
    Grant obtain(VaultHttp http, Instant now);

    /** False for a given token: once it is dead, only an operator can give another. */
    default boolean canLogIn() {
        return true;
    }

    /** {@code token}, {@code approle} or {@code kubernetes}. */
    String method();

    /**
     * What the next login would present, as a fingerprint (never the credential): a refused login is tried again at
     * once when this changes (a new secret id written into its file), else only after a long backoff. Null when the
     * credentials cannot change while the server runs.
     */
    default Object credentials() {
        return null;
    }

    static VaultLogin of(VaultSettings.Auth auth) {
        if (auth instanceof TokenAuth token) {
            return new GivenToken(VaultToken.of(token.token()));
        }
        if (auth instanceof AppRoleAuth appRole) {
            return new AppRole(appRole);
        }
        KubernetesAuth kubernetes = (KubernetesAuth) auth;
        if (!Files.isReadable(kubernetes.jwtFile())) {
            throw new IllegalArgumentException(
                    VaultSettings.KUBERNETES_JWT_FILE + ": cannot read the service account token "
                            + kubernetes.jwtFile() + " (is the pod's service account token mounted?)");
        }
        return new Kubernetes(kubernetes);
    }

    /** {@code VAULT_TOKEN}: looked up ({@code auth/token/lookup-self}) to learn its TTL; never logged in again. */
    record GivenToken(VaultToken token) implements VaultLogin {
        @Override
        public Grant obtain(VaultHttp http, Instant now) {
            VaultHttp.Answer answer = http.get("auth/token/lookup-self", token, "look up " + VaultSettings.VAULT_TOKEN);
            if (!answer.ok()) {
                VaultCallException failure = answer.failure("look up " + VaultSettings.VAULT_TOKEN);
                if (answer.status() == 403) {
                    // a given token that may not look itself up is dead: the default policy grants lookup-self
                    throw new VaultCallException(
                            Kind.INVALID_TOKEN,
                            failure.getMessage() + " (revoked, expired or unknown: give Gaara a new token)");
                }
                throw failure;
            }
            JsonNode data = answer.body() == null ? null : answer.body().get("data");
            if (data == null || !data.isObject()) {
                throw new VaultCallException(
                        Kind.TRANSIENT, "vault: look up " + VaultSettings.VAULT_TOKEN + ": an answer without data");
            }
            Duration ttl = Duration.ofSeconds(Math.max(0, data.path("ttl").asLong(0)));
            boolean batch = "batch".equals(data.path("type").asText(""));
            return new Grant(token, now, ttl, ttl, data.path("renewable").asBoolean(false), batch, false);
        }

        @Override
        public boolean canLogIn() {
            return false;
        }

        @Override
        public String method() {
            return "token";
        }

        @Override
        public String toString() {
            return "GivenToken[redacted]";
        }
    }

    /**
     * AppRole login at {@code auth/<mount>/login}; the secret id is re-read from its file, if it has one, each time.
     */
    record AppRole(AppRoleAuth auth) implements VaultLogin {
        @Override
        public Grant obtain(VaultHttp http, Instant now) {
            String what = "AppRole login at auth/" + auth.mount() + "/login";
            String secretId = auth.secretIdFile() == null
                    ? auth.secretId()
                    : readFile(auth.secretIdFile(), VaultSettings.VAULT_SECRET_ID_FILE, what);
            VaultHttp.Answer answer = http.post(
                    "auth/" + auth.mount() + "/login",
                    null,
                    Map.of("role_id", auth.roleId(), "secret_id", secretId),
                    what);
            if (!answer.ok() && answer.status() / 100 == 4 && answer.status() != 429) {
                throw new VaultCallException(
                        Kind.REFUSED,
                        answer.failure(what).getMessage() + " (a secret id stops working when it reaches its "
                                + "secret_id_ttl or secret_id_num_uses, or when it is destroyed: issue a new one"
                                + (auth.secretIdFile() == null
                                        ? " and restart, or give it through " + VaultSettings.VAULT_SECRET_ID_FILE
                                        : " into " + auth.secretIdFile())
                                + "; docs/SECRETS_SETUP_GUIDE.md)");
            }
            return Grant.fromLogin(answer, what, now);
        }

        @Override
        public String method() {
            return "approle";
        }

        @Override
        public Object credentials() {
            return auth.secretIdFile() == null ? null : fingerprint(auth.secretIdFile());
        }
    }

    /** Kubernetes login at {@code auth/<mount>/login} with the pod's service account token, re-read each time. */
    record Kubernetes(KubernetesAuth auth) implements VaultLogin {
        @Override
        public Grant obtain(VaultHttp http, Instant now) {
            String what = "Kubernetes login at auth/" + auth.mount() + "/login as role " + auth.role();
            String jwt = readFile(auth.jwtFile(), VaultSettings.KUBERNETES_JWT_FILE, what);
            VaultHttp.Answer answer =
                    http.post("auth/" + auth.mount() + "/login", null, Map.of("role", auth.role(), "jwt", jwt), what);
            return Grant.fromLogin(answer, what, now);
        }

        @Override
        public String method() {
            return "kubernetes";
        }

        @Override
        public Object credentials() {
            return fingerprint(auth.jwtFile());
        }
    }

    /** A fingerprint of a credential file's content, or of its absence. */
    private static Object fingerprint(Path file) {
        try {
            return Arrays.hashCode(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException | NoSuchAlgorithmException e) {
            return e.getClass().getName();
        }
    }

    private static String readFile(Path file, String variable, String what) {
        try {
            String text = Files.readString(file).strip();
            if (text.isEmpty()) {
                throw new VaultCallException(
                        Kind.REFUSED, "vault: " + what + ": " + variable + " " + file + " is empty");
            }
            return text;
        } catch (IOException e) {
            throw new VaultCallException(
                    Kind.REFUSED,
                    "vault: " + what + ": cannot read " + variable + " " + file + " ("
                            + e.getClass().getSimpleName() + ")");
        }
    }
}
