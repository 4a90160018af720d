package io.gaara.bootstrap;

import io.gaara.application.port.out.Secret;
import io.gaara.application.port.out.SecretStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two token-signing secrets, checked before the server starts: long enough for HS256
 * (RFC 8725 §3.5, RFC 7518 §3.2), distinct from each other, and in production neither missing nor
 * a placeholder copied from {@code .env.example}.
 */
record SigningSecrets(Secret access, Secret refresh) {
    static final String ACCESS = "JWT_SECRET_KEY";
    static final String REFRESH = "JWT_REFRESH_SECRET_KEY";
    static final int MIN_BYTES = 32;
    /** The placeholders shipped in .env.example: a copy of the example is not a configuration. */
    static final Set<String> PLACEHOLDERS = Set.of(
            "change-me-to-at-least-32-random-bytes-for-access",
            "change-me-to-at-least-32-random-bytes-for-refresh");
    private static final Logger log = LoggerFactory.getLogger(SigningSecrets.class);

    static SigningSecrets resolve(SecretStore store, Settings settings) {
        Secret access = one(store, settings, ACCESS);
        Secret refresh = one(store, settings, REFRESH);
        if (MessageDigest.isEqual(access.value().getBytes(StandardCharsets.UTF_8), refresh.value().getBytes(StandardCharsets.UTF_8))) {
            throw new ConfigurationException(ACCESS + " and " + REFRESH + " must be different secrets");
        }
        return new SigningSecrets(access, refresh);
    }

    private static Secret one(SecretStore store, Settings settings, String name) {
        Optional<Secret> found = store.read(name);
        if (found.isPresent() && isPlaceholder(found.get().value())) {
            if (settings.environment() == Environment.PRODUCTION) {
                throw new ConfigurationException(name + " still holds the placeholder from .env.example; generate a real secret");
            }
            found = Optional.empty();
        }
        if (found.isEmpty()) {
            if (settings.environment() == Environment.PRODUCTION) {
                throw new ConfigurationException(name + " is required in production (at least " + MIN_BYTES
                        + " random bytes, e.g. `openssl rand -base64 48`); it was not found in " + store.backendName());
            }
            String generated = DevelopmentSecrets.loadOrCreate(settings.dataDir(), name);
            log.warn("{} is not set: using a development key generated into {}. Never run production like this.", name,
                    settings.dataDir().resolve(DevelopmentSecrets.FILE_NAME));
            return new Secret(name, "dev-" + fingerprint(generated), generated);
        }
        Secret secret = found.get();
        if (secret.value().getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new ConfigurationException(name + " must be at least " + MIN_BYTES + " bytes long for HS256");
        }
        return secret;
    }

    private static boolean isPlaceholder(String value) {
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
        return "SigningSecrets[access=" + access + ", refresh=" + refresh + "]";
    }
}
