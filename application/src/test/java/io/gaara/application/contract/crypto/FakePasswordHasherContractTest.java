package io.gaara.application.contract.crypto;

import io.gaara.application.fakes.FakePasswordHasher;
import io.gaara.application.port.out.crypto.PasswordHasher;

class FakePasswordHasherContractTest extends PasswordHasherContract {
    @Override
    protected PasswordHasher createHasher() {
        return new FakePasswordHasher();
    }
}
