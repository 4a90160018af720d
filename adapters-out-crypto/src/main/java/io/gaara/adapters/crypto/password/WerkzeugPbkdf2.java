package io.gaara.adapters.crypto.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.generators.PKCS5S2ParametersGenerator;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Checks Werkzeug's {@code pbkdf2:<digest>:<iterations>$<salt>$<hex>} hashes imported from the earlier Flask system;
 * never makes new ones. Werkzeug uses the salt text's UTF-8 bytes as the salt and the digest's own size as the key
 * length.
 */
final class WerkzeugPbkdf2 {
    static final String PREFIX = "pbkdf2:";
    /** Past ten million the row is corrupted, not a user: refused as malformed. */
    private static final int MAX_ITERATIONS = 10_000_000;
    /**
     * The most iterations checked, per digest: Werkzeug 3.1 writes 1,000,000 of SHA-256 (about 0.7 s on a 2-core
     * server, under the login failure floor); SHA-512 costs about 1.5 times as much per iteration. A hash beyond these
     * is refused (the user resets).
     */
    static final Map<String, Integer> MAX_CHECKED_ITERATIONS =
            Map.of("sha1", 1_000_000, "sha256", 1_000_000, "sha512", 600_000);

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
        Supplier<Digest> digest = switch (m.group(1)) {
            case "sha1" -> SHA1Digest::new;
            case "sha256" -> SHA256Digest::new;
            case "sha512" -> SHA512Digest::new;
            default -> throw new IllegalStateException("unreachable: the pattern admits three digests");
        };
        int iterations = Integer.parseInt(m.group(2));
        byte[] expected = HexFormat.of().parseHex(m.group(4));
        int keyLength = digest.get().getDigestSize();
        if (iterations > MAX_ITERATIONS || expected.length != keyLength) {
            return false;
        }
        int cap = MAX_CHECKED_ITERATIONS.get(m.group(1));
        if (iterations > cap) {
            throw new StoredHashTooCostlyException("PBKDF2-" + m.group(1).toUpperCase(Locale.ROOT) + " with "
                    + iterations + " iterations, above " + cap);
        }
        PKCS5S2ParametersGenerator generator = new PKCS5S2ParametersGenerator(digest.get());
        generator.init(password, m.group(3).getBytes(StandardCharsets.UTF_8), iterations);
        byte[] actual = ((KeyParameter) generator.generateDerivedParameters(keyLength * 8)).getKey();
        return MessageDigest.isEqual(expected, actual);
    }
}
