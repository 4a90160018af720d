package io.gaara.adapters.secrets.vault;

import io.gaara.application.contract.secrets.WithdrawableSecretStoreContract;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SecretStore contract on the Vault double, token auth; a rotation is a new KV version, as {@code vault kv put}
 * makes, and a withdrawal a soft delete of the latest, as {@code vault kv delete} makes.
 */
class VaultSecretStoreContractTest extends WithdrawableSecretStoreContract {
    private static final AtomicInteger RUN = new AtomicInteger();
    private static VaultDouble vault;

    private final List<VaultConnection> connections = new ArrayList<>();
    private final Map<SecretStore, String> prefixes = new IdentityHashMap<>();

    @BeforeAll
    static void startVault() {
        vault = VaultDouble.start();
    }

    @AfterAll
    static void stopVault() {
        vault.close();
    }

    @AfterEach
    void closeConnections() {
        connections.forEach(VaultConnection::close);
    }

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        String prefix = "gaara/contract-" + RUN.incrementAndGet();
        secrets.forEach((name, value) -> vault.write("secret", prefix + "/" + name, Map.of("value", value)));
        VaultConnection connection = VaultConnection.open(vault.settings(prefix));
        connections.add(connection);
        prefixes.put(connection.secretStore(), prefix);
        return connection.secretStore();
    }

    @Override
    protected void rotate(SecretStore store, String name, String newValue) {
        vault.write("secret", prefixes.get(store) + "/" + name, Map.of("value", newValue));
    }

    /** {@code vault kv delete}: soft-deletes the latest version. */
    @Override
    protected void withdraw(SecretStore store, String name) {
        vault.softDelete("secret", prefixes.get(store) + "/" + name);
    }
}
