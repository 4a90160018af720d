package io.gaara.adapters.crypto.password;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An argon2id hash in the PHC string format that libargon2 and every mainstream library write. */
record Argon2idPhc(int version, Argon2Parameters parameters, byte[] salt, byte[] hash) {
    static final int VERSION_13 = 0x13;
    static final int VERSION_10 = 0x10;
    static final String PREFIX = "$argon2id$";

    // Strict on purpose: anything else is a MISMATCH rather than a guess.
    private static final Pattern FORMAT =
            Pattern.compile("\\$argon2id\\$v=(16|19)\\$m=([1-9][0-9]{0,7}),t=([1-9][0-9]{0,2}),p=([1-9][0-9]?)"
                    + "\\$([A-Za-z0-9+/]{11,88})\\$([A-Za-z0-9+/]{22,88})");
    private static final int MIN_SALT = 8;
    private static final int MIN_HASH = 16;
    private static final int MAX_BYTES = 64;

    static Optional<Argon2idPhc> parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            Argon2Parameters parameters = new Argon2Parameters(
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            byte[] salt = Base64.getDecoder().decode(m.group(5));
            byte[] hash = Base64.getDecoder().decode(m.group(6));
            if (salt.length < MIN_SALT
                    || salt.length > MAX_BYTES
                    || hash.length < MIN_HASH
                    || hash.length > MAX_BYTES) {
                return Optional.empty();
            }
            return Optional.of(new Argon2idPhc(Integer.parseInt(m.group(1)), parameters, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String format() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "v=" + version + "$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                + parameters.parallelism() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public String toString() {
        return "Argon2idPhc[redacted]";
    }
}
