package io.gaara.adapters.persistence;

import java.util.List;

/**
 * Where database logins come from when they can change under a running server (a rotated secret). Asked again whenever
 * PostgreSQL refuses the login in use.
 */
@FunctionalInterface
public interface DatabaseCredentialsSource {
    /**
     * Logins in the order to try them: the current secret version (freshly re-read), then the pending one (a rotation
     * in progress), then the previous one (a rotation not finished on the database side). Empty when the secret cannot
     * be read.
     */
    List<DatabaseCredentials> candidates();

    /** A fixed login that never changes. */
    static DatabaseCredentialsSource fixed(String user, String password) {
        List<DatabaseCredentials> only = List.of(new DatabaseCredentials(user, password, "static"));
        return () -> only;
    }
}
