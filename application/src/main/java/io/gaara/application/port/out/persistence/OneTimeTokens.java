package io.gaara.application.port.out.persistence;

import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/**
 * One-time tokens that prove control of an account's email address (a password reset, an address to verify, a new
 * address to confirm), kept as SHA-256 hashes only: the token itself exists only in the email. Spending one is atomic,
 * so two instances presented the same token spend it once.
 */
public interface OneTimeTokens {
    /** What a token may be spent on; a token of one purpose is never accepted for another. */
    enum Purpose {
        PASSWORD_RESET,
        VERIFY_EMAIL,
        EMAIL_CHANGE
    }

    /**
     * Stores a new token; the user's earlier unspent tokens of the same purpose stop working.
     *
     * @param tokenHash SHA-256 of the token
     * @param payload what the token confirms beyond the user (the new address of an email change), or null
     */
    void issue(UserId user, Purpose purpose, byte[] tokenHash, String payload, Instant expiresAt, Instant now);

    /**
     * Spends the token with this hash if it is of this purpose, unspent, not revoked and not expired at {@code now};
     * empty otherwise (the caller cannot tell which, and neither can the client).
     */
    Optional<SpentToken> spend(Purpose purpose, byte[] tokenHash, Instant now);

    /** Every unspent token of the user, of every purpose, stops working (the password changed, the account went). */
    void revokeAll(UserId user, Instant now);

    /** A token that was just spent. */
    record SpentToken(UserId user, Purpose purpose, String payload) {}
}
