package io.gaara.application.port.out.persistence;

import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.util.Optional;

/** Stores accounts and finds them by email or id. */
public interface UserRepository {
    /**
     * Adds a user; throws {@link io.gaara.application.EmailAlreadyRegisteredException} when the email is taken, even by
     * a concurrent add.
     */
    void add(User user);

    Optional<User> findByEmail(Email email);

    Optional<User> findById(UserId id);

    /** Replaces the stored hash of an existing user (a parameter upgrade or a legacy-hash migration). */
    void updatePasswordHash(UserId id, PasswordHash hash);
}
