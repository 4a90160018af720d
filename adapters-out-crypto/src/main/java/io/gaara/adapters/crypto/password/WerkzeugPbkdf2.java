package io.gaara.adapters.crypto.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Checks Werkzeug's {@code pbkdf2:<digest>:<iterations>$<salt>$<hex>} hashes imported from the earlier Flask system;
 * never makes new ones. Werkzeug uses the password's and the salt text's UTF-8 bytes and the digest's own size as the
 * key length. The JDK's PBKDF2 is used: with the CPU's SHA-256 instructions it is 2.7 times as fast as BouncyCastle's
 * here (600,000 iterations: 0.23 s against 0.64 s), and the cost of this check bounds the login failure floor.
 */
final class WerkzeugPbkdf2 {
    static final String PREFIX = "pbkdf2:";
    /** Past ten million the row is corrupted, not a user: refused as malformed. */
    private static final int MAX_ITERATIONS = 10_000_000;
    /**
     * The most iterations checked, per digest, each about 0.3-0.45 s on a 2-core server, under the login failure floor:
     * SHA-256 1,000,000 (what Werkzeug 3.1 writes), SHA-1 500,000 and SHA-512 300,000 (the JDK has no CPU instructions
     * for these here: 1,000,000 take 0.67 s and 1.4 s). Werkzeug never wrote more by default. A hash beyond these is
     * refused (the user resets).
     */
    static final Map<String, Integer> MAX_CHECKED_ITERATIONS =
            Map.of("sha1", 500_000, "sha256", 1_000_000, "sha512", 300_000);

    private static final Map<String, String> JCA_NAMES =
            Map.of("sha1", "PBKDF2WithHmacSHA1", "sha256", "PBKDF2WithHmacSHA256", "sha512", "PBKDF2WithHmacSHA512");
    private static final Map<String, Integer> KEY_BYTES = Map.of("sha1", 20, "sha256", 32, "sha512", 64);

    private static final Pattern FORMAT = Pattern.compile("pbkdf2:(sha1|sha256|sha512):([1-9][0-9]{0,7})"
            + "\\$([\\x21-\\x23\\x25-\\x7e]{1,128})\\$([0-9a-fA-F]{40,128})");

    private WerkzeugPbkdf2() {}

    static boolean handles(String hash) {
        return hash.startsWith(PREFIX);
    }

    static boolean matches(byte[] password, String hash) {
        Matcher m = FORMAT.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        String digest = m.group(1);
        int iterations = Integer.parseInt(m.group(2));
        byte[] expected = HexFormat.of().parseHex(m.group(4));
        int keyBytes = KEY_BYTES.get(digest);
        if (iterations > MAX_ITERATIONS || expected.length != keyBytes) {
            return false;
        }
        int cap = MAX_CHECKED_ITERATIONS.get(digest);
        if (iterations > cap) {
            throw new StoredHashTooCostlyException(
                    "PBKDF2-" + digest.toUpperCase(Locale.ROOT) + " with " + iterations + " iterations, above " + cap);
        }
        return MessageDigest.isEqual(expected, derive(digest, password, m.group(3), iterations, keyBytes));
    }

    /** The JDK encodes the password's characters as UTF-8, as Werkzeug does: decode ours back to characters first. */
    private static byte[] derive(String digest, byte[] password, String salt, int iterations, int keyBytes) {
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(password));
        char[] secret = new char[chars.remaining()];
        chars.get(secret);
        Arrays.fill(chars.array(), '\0');
        PBEKeySpec spec =
                new PBEKeySpec(secret, salt.getBytes(StandardCharsets.UTF_8), iterations, keyBytes * Byte.SIZE);
        Arrays.fill(secret, '\0');
        try {
            return SecretKeyFactory.getInstance(JCA_NAMES.get(digest))
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            // every JDK ships these three: their absence is a broken runtime, not a wrong password
            throw new IllegalStateException("PBKDF2 with " + digest + " is not available", e);
        } finally {
            spec.clearPassword();
        }
    }
}
