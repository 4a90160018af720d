package io.gaara.bootstrap.config;

import io.gaara.adapters.crypto.jwt.HmacKeyRingSource;
import io.gaara.adapters.crypto.jwt.SecretKeyRing;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two token-signing key rings, checked before the server starts: the current versions long enough for HS256,
 * distinct from each other, and in production neither missing nor a placeholder copied from {@code .env.example}
 * ({@link SecretRules}). The rings then follow the secrets' versions (current signs, current and previous verify, an
 * unknown kid re-reads the secret).
 */
public record SigningSecrets(HmacKeyRingSource access, HmacKeyRingSource refresh) {
    public static final String ACCESS = SecretRules.Known.JWT_SECRET_KEY.name();
    public static final String REFRESH = SecretRules.Known.JWT_REFRESH_SECRET_KEY.name();
    private static final String DEV_PREFIX = "dev-";
    private static final Logger log = LoggerFactory.getLogger(SigningSecrets.class);

    /** @param refreshNow re-reads one secret past the cache, for a token whose kid is not known yet */
    public static SigningSecrets resolve(
            SecretStore store, Consumer<String> refreshNow, Environment environment, Path dataDir) {
        Secret access = current(store, environment, dataDir, ACCESS);
        Secret refresh = current(store, environment, dataDir, REFRESH);
        if (MessageDigest.isEqual(
                access.value().getBytes(StandardCharsets.UTF_8), refresh.value().getBytes(StandardCharsets.UTF_8))) {
            throw new ConfigurationException(ACCESS + " and " + REFRESH + " must be different secrets");
        }
        return new SigningSecrets(ring(store, refreshNow, access), ring(store, refreshNow, refresh));
    }

    /**
     * Start-up checks as {@link #resolve(SecretStore, Consumer, Environment, Path)}, for a store without a cache to
     * refresh.
     */
    public static SigningSecrets resolve(SecretStore store, Settings settings) {
        return resolve(store, name -> {}, settings.environment(), settings.dataDir());
    }

    private static HmacKeyRingSource ring(SecretStore store, Consumer<String> refreshNow, Secret current) {
        if (current.versionId().startsWith(DEV_PREFIX)) {
            return SecretKeyRing.fixed(current);
        }
        SecretKeyRing ring = new SecretKeyRing(store, current.name(), refreshNow);
        try {
            ring.get();
        } catch (IllegalStateException e) {
            // the version read a moment ago vanished or changed into an unusable one: the message names the secret only
            throw new ConfigurationException(e.getMessage());
        }
        return ring;
    }

    private static Secret current(SecretStore store, Environment environment, Path dataDir, String name) {
        List<Secret> accepted = store.readAccepted(name);
        if (!accepted.isEmpty() && SecretRules.isPlaceholder(accepted.get(0).value())) {
            if (environment == Environment.PRODUCTION) {
                throw new ConfigurationException(
                        name + " still holds the placeholder from .env.example; generate a real secret");
            }
            accepted = List.of();
        }
        if (accepted.isEmpty()) {
            if (environment == Environment.PRODUCTION) {
                throw new ConfigurationException(
                        name + " is required in production (at least " + SecretRules.MIN_KEY_BYTES
                                + " random bytes, e.g. `openssl rand -base64 48`,"
                                + " or `java -jar gaara.jar secrets init`);"
                                + " it was not found in "
                                + store.backendName());
            }
            String generated = DevelopmentSecrets.loadOrCreate(dataDir, name);
            log.warn(
                    "{} is not set: using a development key generated into {}. Never run production like this.",
                    name,
                    dataDir.resolve(DevelopmentSecrets.FILE_NAME));
            return new Secret(name, DEV_PREFIX + fingerprint(generated), generated);
        }
        Secret secret = accepted.get(0);
        if (SecretRules.isTooShortForKey(secret.value())) {
            throw new ConfigurationException(
                    name + " must be at least " + SecretRules.MIN_KEY_BYTES + " bytes long for HS256");
        }
        return secret;
    }

    /** The content id without its scheme: development kids read {@code dev-<16 hex digits>}, as before. */
    private static String fingerprint(String value) {
        return Secret.contentVersionId(value).substring("sha256:".length());
    }

    @Override
    public String toString() {
        return "SigningSecrets[access=" + access.get() + ", refresh=" + refresh.get() + "]";
    }
}
