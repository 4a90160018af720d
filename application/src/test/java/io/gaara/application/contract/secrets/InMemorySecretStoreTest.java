package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.SecretStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySecretStoreTest extends SecretStoreContract {

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        return new InMemorySecretStore(secrets);
    }

    @Test
    void givenRotatedSecret_whenRead_thenNewValueUnderNewVersionId() {
        var store = new InMemorySecretStore(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));
        String before = store.read(SIGNING_KEY).orElseThrow().versionId();

        store.put(SIGNING_KEY, "rotated-" + SIGNING_KEY_VALUE);

        var after = store.read(SIGNING_KEY).orElseThrow();
        assertThat(after.value()).isEqualTo("rotated-" + SIGNING_KEY_VALUE);
        assertThat(after.versionId()).isNotEqualTo(before);
    }
}
