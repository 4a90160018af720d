package io.gaara.adapters.secrets.vault;

import io.gaara.application.contract.secrets.SecretAdministrationContract;
import io.gaara.application.port.out.secrets.SecretAdministration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The SecretAdministration contract on the Vault double, token auth, a fresh path prefix per backend. */
class VaultAdministrationContractTest extends SecretAdministrationContract {
    private static final AtomicInteger RUN = new AtomicInteger();

    private final List<VaultConnection> connections = new ArrayList<>();
    private VaultDouble vault;

    @BeforeEach
    void startVault() {
        vault = VaultDouble.start();
    }

    @AfterEach
    void stopVault() {
        connections.forEach(VaultConnection::close);
        vault.close();
    }

    @Override
    protected Backend emptyBackend() {
        VaultConnection connection = connect("gaara/admin-contract-" + RUN.incrementAndGet());
        return new Backend(connection.administration(), connection.secretStore());
    }

    /** A sealed Vault, which answers 503 to everything. */
    @Override
    protected SecretAdministration unreachableBackend() {
        VaultConnection connection = connect("gaara/admin-contract-" + RUN.incrementAndGet());
        vault.failWith(503);
        return connection.administration();
    }

    /** KV v2 has no pending stage: a staged version is current once written, and promotion checks it still is. */
    @Override
    protected boolean stagedVersionWaitsForPromotion() {
        return false;
    }

    private VaultConnection connect(String prefix) {
        VaultConnection connection = VaultConnection.open(vault.settings(prefix));
        connections.add(connection);
        return connection;
    }
}
