package io.gaara.adapters.secrets;

import io.gaara.application.contract.secrets.SecretStoreContract;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.Map;

/** The contract with every secret held in the (injected) process environment. */
class EnvironmentMapSecretStoreContractTest extends SecretStoreContract {

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        return new EnvironmentSecretStore(secrets);
    }
}
