package io.gaara.application.port.out.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A secret value with its logical name and version id. {@code toString} never shows the value. */
public record Secret(String name, String versionId, String value) {
    private static final int CONTENT_VERSION_ID_BYTES = 8;

    public Secret {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(value, "value");
    }

    /**
     * The version id of a value from a backend that keeps no versions ({@code .env}, the environment): {@code sha256:}
     * and 64 bits of the value's digest. It changes when the value does and is the same on every instance and after
     * every restart. Key rings also accept a key under this id, so moving a key unchanged from {@code .env} to a
     * versioned backend logs nobody out: one definition, here. The id is public (it is the {@code kid} in every token
     * header): SHA-256 is one-way, and for a high-entropy key 64 bits of its digest give an attacker nothing to work
     * with, while two keys in use sharing an id stays negligible. (For a guessable value, such as a weak database
     * password, any digest would allow confirming guesses offline; such ids are not published.)
     */
    public static String contentVersionId(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, CONTENT_VERSION_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "Secret[name=" + name + ", versionId=" + versionId + ", value=redacted]";
    }
}
