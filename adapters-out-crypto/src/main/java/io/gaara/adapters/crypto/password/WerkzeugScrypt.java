package io.gaara.adapters.crypto.password;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Checks Werkzeug's {@code scrypt:<N>:<r>:<p>$<salt>$<hex>} hashes (its default since 2.3) imported from the earlier
 * Flask system; never makes new ones. Werkzeug calls hashlib.scrypt with the salt text's UTF-8 bytes as the salt and
 * hashlib's default key length, 64 bytes.
 */
final class WerkzeugScrypt {
    static final String PREFIX = "scrypt:";
    private static final int KEY_BYTES = 64;
    /**
     * Werkzeug writes N=2^15, r=8, p=1 (32 MiB, one pass). The parameters come from a stored row, and scrypt allocates
     * 128·N·r bytes and runs p passes: past these bounds the row is corrupted, not a user, and must not cost the server
     * gigabytes or seconds.
     */
    private static final int MAX_N = 1 << 20;

    private static final int MAX_R = 32;
    private static final int MAX_P = 16;
    private static final long MAX_MEMORY_BYTES = 256L << 20;
    /**
     * The most work checked, N·r·p: twice Werkzeug's default (2^15·8·1), about 0.25 s and 64 MiB on a 2-core server,
     * under the login failure floor. A well-formed hash beyond it is refused (the user resets).
     */
    static final long MAX_CHECKED_WORK = 1L << 19;

    private static final Pattern FORMAT = Pattern.compile("scrypt:([1-9][0-9]{0,6}):([1-9][0-9]?):([1-9][0-9]?)"
            + "\\$([\\x21-\\x23\\x25-\\x7e]{1,128})\\$([0-9a-fA-F]{128})");

    private WerkzeugScrypt() {}

    static boolean handles(String hash) {
        return hash.startsWith(PREFIX);
    }

    static boolean matches(byte[] password, String hash) {
        Matcher m = FORMAT.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        int n = Integer.parseInt(m.group(1));
        int r = Integer.parseInt(m.group(2));
        int p = Integer.parseInt(m.group(3));
        if (!withinBounds(n, r, p)) {
            return false;
        }
        if ((long) n * r * p > MAX_CHECKED_WORK) {
            throw new StoredHashTooCostlyException(
                    "scrypt N=" + n + " r=" + r + " p=" + p + ", N·r·p above " + MAX_CHECKED_WORK);
        }
        byte[] expected = HexFormat.of().parseHex(m.group(5));
        byte[] actual = SCrypt.generate(password, m.group(4).getBytes(StandardCharsets.UTF_8), n, r, p, KEY_BYTES);
        return MessageDigest.isEqual(expected, actual);
    }

    private static boolean withinBounds(int n, int r, int p) {
        boolean powerOfTwo = n > 1 && Integer.bitCount(n) == 1;
        // RFC 7914 wants N < 2^(16r); only r = 1 can break it under MAX_N. OpenSSL, hence Werkzeug, refuses it too.
        boolean rfc7914 = Integer.numberOfTrailingZeros(n) < 16 * r;
        return powerOfTwo && rfc7914 && n <= MAX_N && r <= MAX_R && p <= MAX_P && 128L * n * r <= MAX_MEMORY_BYTES;
    }
}
