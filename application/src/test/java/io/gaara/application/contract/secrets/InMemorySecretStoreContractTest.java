package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemorySecretStoreContractTest extends WithdrawableSecretStoreContract {

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        return new InMemorySecretStore(secrets);
    }

    @Override
    protected void rotate(SecretStore store, String name, String newValue) {
        ((InMemorySecretStore) store).put(name, newValue);
    }

    @Override
    protected void withdraw(SecretStore store, String name) {
        ((InMemorySecretStore) store).withdraw(name);
    }

    @Test
    void givenPendingVersion_whenRead_thenOnlyThePendingStageSeesIt() {
        var store = new InMemorySecretStore(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));
        store.stagePending(SIGNING_KEY, ROTATED_VALUE);

        assertThat(store.read(SIGNING_KEY).orElseThrow().value()).isEqualTo(SIGNING_KEY_VALUE);
        assertThat(store.readStage(SIGNING_KEY, SecretStage.PENDING)
                        .orElseThrow()
                        .value())
                .isEqualTo(ROTATED_VALUE);
    }

    @Test
    void givenFailingBackend_whenRead_thenUnavailableNotAbsent() {
        var store = new InMemorySecretStore(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));
        store.failing(true);
        assertThatThrownBy(() -> store.read(SIGNING_KEY))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageNotContaining(SIGNING_KEY_VALUE);
    }
}
