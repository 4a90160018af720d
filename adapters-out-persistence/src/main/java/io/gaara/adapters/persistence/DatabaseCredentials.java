package io.gaara.adapters.persistence;

import java.util.Objects;

/**
 * One login to try; {@code versionId} names the secret version it came from (for logs), {@code toString} hides the
 * password.
 */
public record DatabaseCredentials(String user, String password, String versionId) {
    public DatabaseCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(versionId, "versionId");
    }

    @Override
    public String toString() {
        return "DatabaseCredentials[user=" + user + ", password=" + (password == null ? "none" : "redacted")
                + ", versionId=" + versionId + "]";
    }
}
