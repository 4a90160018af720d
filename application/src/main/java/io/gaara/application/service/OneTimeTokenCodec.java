package io.gaara.application.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * One-time tokens for links in emails: 32 random bytes (256 bits), base64url without padding (43 characters), stored
 * only as their SHA-256. A token is random enough that a plain hash suffices: there is nothing to brute-force, unlike a
 * password.
 */
final class OneTimeTokenCodec {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private final SecureRandom random;

    OneTimeTokenCodec(SecureRandom random) {
        this.random = random;
    }

    String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether the text could be a token at all: anything else is refused without a database trip. */
    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
