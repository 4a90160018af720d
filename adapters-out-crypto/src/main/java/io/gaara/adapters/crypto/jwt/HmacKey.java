package io.gaara.adapters.crypto.jwt;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One HS256 secret and the {@code kid} that names it in token headers, so a verifier can pick the right key while keys
 * rotate. Refuses keys shorter than 256 bits (RFC 7518 §3.2, RFC 8725 §3.5).
 */
public final class HmacKey {
    public static final int MIN_BYTES = 32;
    private static final Pattern KID = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final String kid;
    private final SecretKey key;

    private HmacKey(String kid, byte[] material) {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(material, "key material");
        if (!KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("kid must be 1 to 128 visible ASCII characters");
        }
        if (material.length < MIN_BYTES) {
            // Never the key, nor its length, in the message: it ends up in startup logs.
            throw new IllegalArgumentException(
                    "HMAC key '" + kid + "' is shorter than " + MIN_BYTES + " bytes (256 bits)");
        }
        this.kid = kid;
        this.key = new SecretKeySpec(material, "HmacSHA256");
    }

    /** A key named by the caller, e.g. the secret store's version id. */
    public static HmacKey of(String kid, byte[] material) {
        return new HmacKey(kid, material);
    }

    /** A key named by {@link #derivedKid(byte[])}, for secrets that come without a version id. */
    public static HmacKey withDerivedKid(byte[] material) {
        return new HmacKey(derivedKid(material), material);
    }

    /**
     * A stable name for a key that reveals nothing useful about it: base64url of the first 8 bytes of its SHA-256, so
     * the same secret gets the same kid on every node and after every restart.
     */
    public static String derivedKid(byte[] material) {
        Objects.requireNonNull(material, "key material");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public String kid() {
        return kid;
    }

    SecretKey secretKey() {
        return key;
    }

    boolean sameMaterial(HmacKey other) {
        return MessageDigest.isEqual(key.getEncoded(), other.key.getEncoded());
    }

    @Override
    public String toString() {
        return "HmacKey[kid=" + kid + ", redacted]";
    }
}
