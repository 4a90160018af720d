package io.gaara.application.port.out.crypto;

import io.gaara.domain.Password;
import io.gaara.domain.PasswordHash;

/** Hashes new passwords with the current algorithm and checks passwords against any stored hash we accept. */
public interface PasswordHasher {
    PasswordHash hash(Password password);

    /** Never throws for a hash it does not understand: that is a {@link PasswordCheck#MISMATCH}. */
    PasswordCheck verify(Password password, PasswordHash hash);

    enum PasswordCheck {
        MATCH,
        /** Right password, but the hash uses an old algorithm or old parameters: store a new one. */
        MATCH_NEEDS_REHASH,
        MISMATCH;

        public boolean matches() {
            return this != MISMATCH;
        }
    }
}
