package io.gaara.bootstrap.config;

import io.gaara.adapters.crypto.jwt.HmacKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * The secrets Gaara itself reads and what makes a value usable, stated once for the startup checks and the
 * {@code secrets} commands alike.
 */
public final class SecretRules {
    /** The placeholders shipped in .env.example: a copy of the example is not a configuration. */
    static final Set<String> PLACEHOLDERS = Set.of(
            "change-me-to-at-least-32-random-bytes-for-access", "change-me-to-at-least-32-random-bytes-for-refresh");

    /** The secrets Gaara reads. {@code generatedBytes} > 0: Gaara can make it (random); 0: it is issued elsewhere. */
    public enum Known {
        DATABASE_URL(
                true,
                0,
                "postgresql://user:pass@host:5432/db or RDS rotation JSON; required unless GAARA_DATABASE_URL is set"),
        JWT_SECRET_KEY(true, 48, "HS256 key for access tokens"),
        JWT_REFRESH_SECRET_KEY(true, 48, "HS256 key for refresh tokens");

        public final boolean required;
        public final int generatedBytes;
        public final String description;

        Known(boolean required, int generatedBytes, String description) {
            this.required = required;
            this.generatedBytes = generatedBytes;
            this.description = description;
        }

        /** A signing key: it must be at least {@link #MIN_KEY_BYTES} long. */
        public boolean isSigningKey() {
            return this == JWT_SECRET_KEY || this == JWT_REFRESH_SECRET_KEY;
        }
    }

    /** HS256 keys: at least 256 bits (RFC 7518 §3.2, RFC 8725 §3.5). */
    public static final int MIN_KEY_BYTES = HmacKey.MIN_BYTES;

    private SecretRules() {}

    /** A value copied from {@code .env.example} rather than generated. */
    public static boolean isPlaceholder(String value) {
        return PLACEHOLDERS.contains(value) || value.toLowerCase(Locale.ROOT).startsWith("change-me");
    }

    public static boolean isTooShortForKey(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length < MIN_KEY_BYTES;
    }

    /** {@code bytes} from a CSPRNG, base64url without padding: what {@code secrets init} and {@code rotate} write. */
    public static String random(int bytes) {
        byte[] material = new byte[bytes];
        new SecureRandom().nextBytes(material);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(material);
    }
}
