package io.gaara.bootstrap;

import io.gaara.adapters.crypto.HmacKeyRing;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two token-signing key rings, checked before the server starts: the current versions long
 * enough for HS256 (RFC 8725 §3.5, RFC 7518 §3.2), distinct from each other, and in production
 * neither missing nor a placeholder copied from {@code .env.example}. The rings then follow the
 * secrets' versions (current signs, current and previous verify).
 */
record SigningSecrets(Supplier<HmacKeyRing> access, Supplier<HmacKeyRing> refresh) {
    static final String ACCESS = "JWT_SECRET_KEY";
    static final String REFRESH = "JWT_REFRESH_SECRET_KEY";
    static final int MIN_BYTES = 32;
    /** The placeholders shipped in .env.example: a copy of the example is not a configuration. */
    static final Set<String> PLACEHOLDERS = Set.of(
            "change-me-to-at-least-32-random-bytes-for-access",
            "change-me-to-at-least-32-random-bytes-for-refresh");
    private static final Logger log = LoggerFactory.getLogger(SigningSecrets.class);

    static SigningSecrets resolve(SecretStore store, Settings settings) {
        Secret access = current(store, settings, ACCESS);
        Secret refresh = current(store, settings, REFRESH);
        if (MessageDigest.isEqual(access.value().getBytes(StandardCharsets.UTF_8), refresh.value().getBytes(StandardCharsets.UTF_8))) {
            throw new ConfigurationException(ACCESS + " and " + REFRESH + " must be different secrets");
        }
        return new SigningSecrets(ring(store, access), ring(store, refresh));
    }

    private static Supplier<HmacKeyRing> ring(SecretStore store, Secret current) {
        if (current.versionId().startsWith(DEV_PREFIX)) {
            return SecretKeyRing.fixed(current);
        }
        SecretKeyRing ring = new SecretKeyRing(store, current.name());
        ring.get();
        return ring;
    }

    private static final String DEV_PREFIX = "dev-";

    private static Secret current(SecretStore store, Settings settings, String name) {
        List<Secret> accepted = store.readAccepted(name);
        if (!accepted.isEmpty() && isPlaceholder(accepted.get(0).value())) {
            if (settings.environment() == Environment.PRODUCTION) {
                throw new ConfigurationException(name + " still holds the placeholder from .env.example; generate a real secret");
            }
            accepted = List.of();
        }
        if (accepted.isEmpty()) {
            if (settings.environment() == Environment.PRODUCTION) {
                throw new ConfigurationException(name + " is required in production (at least " + MIN_BYTES
                        + " random bytes, e.g. `openssl rand -base64 48`, or `java -jar gaara.jar secrets init`); it was not found in "
                        + store.backendName());
            }
            String generated = DevelopmentSecrets.loadOrCreate(settings.dataDir(), name);
            log.warn("{} is not set: using a development key generated into {}. Never run production like this.", name,
                    settings.dataDir().resolve(DevelopmentSecrets.FILE_NAME));
            return new Secret(name, DEV_PREFIX + fingerprint(generated), generated);
        }
        Secret secret = accepted.get(0);
        if (secret.value().getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new ConfigurationException(name + " must be at least " + MIN_BYTES + " bytes long for HS256");
        }
        return secret;
    }

    static boolean isPlaceholder(String value) {
        return PLACEHOLDERS.contains(value) || value.toLowerCase(Locale.ROOT).startsWith("change-me");
    }

    static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SigningSecrets[access=" + access.get() + ", refresh=" + refresh.get() + "]";
    }
}
