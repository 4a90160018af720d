package io.gaara.adapters.secrets.vault;

import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;

/**
 * A call to Vault that did not give Gaara what it asked for, and what kind of failure it was, which decides what the
 * session does next. The message holds the call, the HTTP status and Vault's error text (one line), never a token, a
 * secret id or a secret's value.
 */
final class VaultCallException extends SecretStoreUnavailableException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    enum Kind {
        /** No answer, a timeout, a sealed or standby node, a 5xx or 429: the same call may work later. */
        TRANSIENT,
        /** Vault answered and said no (a login refused, a 4xx): retrying the same thing soon will not help. */
        REFUSED,
        /** The token is revoked, expired or unknown to Vault. */
        INVALID_TOKEN
    }

    private final Kind kind;

    VaultCallException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    VaultCallException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
