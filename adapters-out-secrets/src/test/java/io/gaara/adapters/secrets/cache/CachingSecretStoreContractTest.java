package io.gaara.adapters.secrets.cache;

import io.gaara.application.contract.secrets.VersionedSecretStoreContract;
import io.gaara.application.fakes.InMemorySecretAuditTrail;
import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.SecretStore;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The cache in front of a versioned backend is still a versioned store: a rotation shows once refreshNow has run. */
class CachingSecretStoreContractTest extends VersionedSecretStoreContract {
    private final Map<CachingSecretStore, InMemorySecretStore> backends = new IdentityHashMap<>();

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        InMemorySecretStore backend = new InMemorySecretStore(secrets);
        CachingSecretStore store = CachingSecretStore.builder(backend)
                .auditTrail(new InMemorySecretAuditTrail())
                .refreshExecutor(Runnable::run)
                .sweepInterval(Duration.ZERO)
                .build();
        backends.put(store, backend);
        return store;
    }

    @Override
    protected void rotate(SecretStore store, String name, String newValue) {
        CachingSecretStore cache = (CachingSecretStore) store;
        cache.read(name); // cached before the rotation, so what the test sees is refreshNow, not a first fetch
        backends.get(cache).put(name, newValue);
        cache.refreshNow(name);
    }

    @AfterEach
    void close() {
        backends.keySet().forEach(CachingSecretStore::close);
    }
}
