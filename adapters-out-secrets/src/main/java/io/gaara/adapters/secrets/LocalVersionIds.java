package io.gaara.adapters.secrets;

import io.gaara.application.port.out.secrets.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Version ids for values from backends that keep no versions of their own: {@code local:} and 64 bits of an HMAC-SHA256
 * of the value under a key drawn at random when the process starts and never written anywhere. Equal values get equal
 * ids within the process (so the cache and the database pool see a change), while a logged or audited id is no oracle
 * for guessing the value offline, as an unsalted digest of a {@code DATABASE_URL} with a weak password would be. The
 * ids differ between instances and restarts; nothing compares them across processes (the JWT key rings name their keys
 * by {@link Secret#contentVersionId} for that).
 */
public final class LocalVersionIds {
    private static final int ID_BYTES = 8;
    private static final SecretKeySpec KEY = newKey();

    private LocalVersionIds() {}

    /** The id of {@code value} in this process. */
    public static String of(String value) {
        Objects.requireNonNull(value, "value");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(KEY);
            byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
            return Secret.LOCAL_VERSION_PREFIX + HexFormat.of().formatHex(digest, 0, ID_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    private static SecretKeySpec newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SecretKeySpec(key, "HmacSHA256");
    }
}
