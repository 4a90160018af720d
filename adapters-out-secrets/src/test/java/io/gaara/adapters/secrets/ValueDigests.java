package io.gaara.adapters.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What an unsalted digest of a secret value looks like in text: every 12-character window of the hex SHA-256, SHA-1 and
 * MD5 of the value, and the start of their base64 forms. A line holding any of them lets its reader confirm guesses of
 * the value offline.
 */
public final class ValueDigests {
    private static final int WINDOW = 12;

    private ValueDigests() {}

    public static List<String> of(String value) {
        List<String> fragments = new ArrayList<>();
        for (String algorithm : List.of("SHA-256", "SHA-1", "MD5")) {
            byte[] digest;
            try {
                digest = MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            String hex = HexFormat.of().formatHex(digest);
            for (int i = 0; i + WINDOW <= hex.length(); i++) {
                fragments.add(hex.substring(i, i + WINDOW));
            }
            fragments.add(Base64.getEncoder().encodeToString(digest).substring(0, WINDOW));
            fragments.add(Base64.getUrlEncoder().encodeToString(digest).substring(0, WINDOW));
        }
        return List.copyOf(fragments);
    }
}
