package io.gaara.adapters.secrets.chain;

import io.gaara.application.contract.secrets.WithdrawableSecretStoreContract;
import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.List;
import java.util.Map;

/** The contract through an empty primary: every answer falls through to the second backend. */
class ChainedSecretStoreContractTest extends WithdrawableSecretStoreContract {
    private final InMemorySecretStore primary = new InMemorySecretStore();
    private final InMemorySecretStore secondary = new InMemorySecretStore();

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        secrets.forEach(secondary::put);
        return new ChainedSecretStore(List.of(primary, secondary));
    }

    @Override
    protected void rotate(SecretStore store, String name, String newValue) {
        secondary.put(name, newValue);
    }

    @Override
    protected void withdraw(SecretStore store, String name) {
        secondary.withdraw(name);
    }
}
