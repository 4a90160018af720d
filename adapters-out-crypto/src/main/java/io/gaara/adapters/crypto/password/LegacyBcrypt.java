package io.gaara.adapters.crypto.password;

import java.util.Arrays;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/** Checks bcrypt hashes imported from the earlier Flask system; never makes new ones. */
final class LegacyBcrypt {
    /** bcrypt only ever reads the first 72 bytes; the libraries that wrote our hashes cut silently. */
    static final int MAX_PASSWORD_BYTES = 72;
    /** Cost 4..16: anything above 16 (over a minute per check at 31) is a corrupted row, not a user. */
    /**
     * The highest cost checked: 2^12 rounds take about 0.3 s on a 2-core server, under the login failure floor; the
     * Flask system wrote cost 12. A hash with cost 13 to 16 is well-formed but refused (the user resets).
     */
    static final int MAX_COST = 12;

    private static final Pattern FORMAT = Pattern.compile("\\$2[aby]\\$(0[4-9]|1[0-6])\\$[./A-Za-z0-9]{53}");

    private LegacyBcrypt() {}

    static boolean handles(String hash) {
        return hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$");
    }

    /**
     * Compares in constant time (BouncyCastle's checkPassword does). The cut to 72 bytes is ours, not left to the
     * library: BouncyCastle 1.87 cuts too, but libraries differ (bcrypt 5 throws).
     */
    static boolean matches(byte[] password, String hash) {
        if (!FORMAT.matcher(hash).matches()) {
            return false;
        }
        int cost = Integer.parseInt(hash.substring(4, 6));
        if (cost > MAX_COST) {
            throw new StoredHashTooCostlyException("bcrypt cost " + cost + ", above " + MAX_COST);
        }
        byte[] truncated =
                password.length > MAX_PASSWORD_BYTES ? Arrays.copyOf(password, MAX_PASSWORD_BYTES) : password;
        try {
            return OpenBSDBCrypt.checkPassword(hash, truncated);
        } finally {
            if (truncated != password) {
                Arrays.fill(truncated, (byte) 0);
            }
        }
    }
}
