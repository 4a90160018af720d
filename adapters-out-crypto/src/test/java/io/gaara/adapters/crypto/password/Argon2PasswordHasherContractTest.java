package io.gaara.adapters.crypto.password;

import io.gaara.application.contract.crypto.PasswordHasherContract;
import io.gaara.application.port.out.crypto.PasswordHasher;

class Argon2PasswordHasherContractTest extends PasswordHasherContract {
    /** The contract is not about cost: 1 MiB, one pass keeps the suite fast. */
    static final Argon2Parameters CHEAP = new Argon2Parameters(1024, 1, 1);

    @Override
    protected PasswordHasher createHasher() {
        return new Argon2PasswordHasher(CHEAP);
    }
}
