package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a backend that can hold a name without a current value must add to {@link VersionedSecretStoreContract}: a name
 * whose current version an operator deleted reads as absent, and says it is withdrawn, so that a chain of backends
 * stops there instead of taking the name from the next one (issue 15: soft-deleting a compromised key in Vault must not
 * switch the server to the {@code .env} key).
 */
public abstract class WithdrawableSecretStoreContract extends VersionedSecretStoreContract {

    /** Deletes the current version of {@code name} the way an operator would in this backend. */
    protected abstract void withdraw(SecretStore store, String name);

    @Test
    void givenDeletedCurrentVersion_whenRead_thenAbsentAndWithdrawn() {
        SecretStore store = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));

        withdraw(store, SIGNING_KEY);

        assertThat(store.read(SIGNING_KEY)).isEmpty();
        assertThat(store.readAccepted(SIGNING_KEY)).isEmpty();
        assertThat(store.readStage(SIGNING_KEY, SecretStage.CURRENT)).isEmpty();
        assertThat(store.withdrawn(SIGNING_KEY)).isTrue();
    }

    @Test
    void givenStoredOrNeverStoredName_whenAsked_thenNotWithdrawn() {
        SecretStore store = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));

        assertThat(store.withdrawn(SIGNING_KEY)).isFalse();
        assertThat(store.withdrawn("GAARA_CONTRACT_NEVER_STORED")).isFalse();
    }
}
