package io.gaara.application.port.out.secrets;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** A secret value with its logical name and version id. {@code toString} never shows the value. */
public record Secret(String name, String versionId, String value) {
    /**
     * Starts a version id that is valid inside this process only: a backend without versions of its own ({@code .env},
     * the environment, one name in a JSON secret) names a value by a keyed digest whose key is random per process, so
     * that the id changes with the value but tells nothing about it to whoever reads a log or an audit row. Such an id
     * differs from one instance to the next; a JWT key ring, which needs a {@code kid} every instance agrees on, uses
     * {@link #contentVersionId} for it instead.
     */
    public static final String LOCAL_VERSION_PREFIX = "local:";

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
     * with, while two keys in use sharing an id stays negligible. For a guessable value, such as a weak database
     * password, any digest would allow confirming guesses offline: so only the JWT key rings call this, for keys
     * checked to hold at least 256 bits, and backends give every other value a {@link #LOCAL_VERSION_PREFIX local} id.
     */
    public static String contentVersionId(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, CONTENT_VERSION_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The version id names the value inside this process only ({@link #LOCAL_VERSION_PREFIX}). */
    public boolean versionIdIsLocal() {
        return versionId.startsWith(LOCAL_VERSION_PREFIX);
    }

    @Override
    public String toString() {
        return "Secret[name=" + name + ", versionId=" + versionId + ", value=redacted]";
    }
}
