package io.gaara.application.port.out.persistence;

import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.Optional;

/** Stores accounts and finds them by email or id. */
public interface UserRepository {
    /**
     * Adds a user; throws {@link io.gaara.application.EmailAlreadyRegisteredException} when the email is taken, even by
     * a concurrent add.
     */
    void add(User user);

    Optional<User> findByEmail(Email email);

    /**
     * The account with this id. An adapter may answer from a short-lived cache (a few seconds to half a minute): a
     * change made on another instance may show late here. For display ({@code /me}), never for a decision.
     */
    Optional<User> findById(UserId id);

    /** The account with this id as the store holds it now, never cached: for checking a password or issuing a claim. */
    Optional<User> findFresh(UserId id);

    /** Replaces the stored hash of an existing user (a parameter upgrade or a legacy-hash migration). */
    void updatePasswordHash(UserId id, PasswordHash hash);

    /**
     * Records that the owner proved control of {@code email} at {@code at}. Nothing changes, and false is returned,
     * when the account is gone or its address is no longer {@code email} (a link sent to an address the account has
     * since left proves nothing about the account). An address already verified keeps its first verification time.
     */
    boolean markEmailVerified(UserId id, Email email, Instant at);

    /**
     * Moves the account to {@code newEmail}, proven at {@code verifiedAt}; false when the account is gone. Throws
     * {@link io.gaara.application.EmailAlreadyRegisteredException} when another account holds the address, even one
     * that took it a moment ago.
     */
    boolean changeEmail(UserId id, Email newEmail, Instant verifiedAt);

    /** Deletes the account, and its one-time tokens with it; false when there was none. */
    boolean delete(UserId id);
}
