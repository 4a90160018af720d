package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a backend that keeps versions must add to {@link SecretStoreContract}: after a rotation the new version is
 * current, and the one before stays readable as previous, so tokens signed with it still verify (a rotation logs nobody
 * out).
 */
public abstract class VersionedSecretStoreContract extends SecretStoreContract {
    protected static final String ROTATED_VALUE = "Zr8Tq1Wx4Yb7Nc0Vm3Lk6Jh9Gf2Ds5Ap8Oi1Uy4Et7R";

    /**
     * Rotates {@code name} to {@code newValue} the way an operator would in this backend (the old current becomes
     * previous).
     */
    protected abstract void rotate(SecretStore store, String name, String newValue);

    @Test
    void givenNeverRotatedSecret_whenAcceptedVersionsRead_thenCurrentOnly() {
        SecretStore store = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));

        assertThat(store.readAccepted(SIGNING_KEY)).extracting(Secret::value).containsExactly(SIGNING_KEY_VALUE);
        assertThat(store.readStage(SIGNING_KEY, SecretStage.CURRENT))
                .map(Secret::value)
                .contains(SIGNING_KEY_VALUE);
        assertThat(store.readStage(SIGNING_KEY, SecretStage.PREVIOUS)).isEmpty();
    }

    @Test
    void givenRotatedSecret_whenRead_thenNewIsCurrentAndOldIsPrevious() {
        SecretStore store = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));
        String oldVersion = store.read(SIGNING_KEY).orElseThrow().versionId();

        rotate(store, SIGNING_KEY, ROTATED_VALUE);

        Secret current = store.read(SIGNING_KEY).orElseThrow();
        assertThat(current.value()).isEqualTo(ROTATED_VALUE);
        assertThat(current.versionId()).isNotEqualTo(oldVersion);
        assertThat(store.readAccepted(SIGNING_KEY))
                .extracting(Secret::value)
                .containsExactly(ROTATED_VALUE, SIGNING_KEY_VALUE);
        assertThat(store.readAccepted(SIGNING_KEY))
                .extracting(Secret::versionId)
                .containsExactly(current.versionId(), oldVersion);
        assertThat(store.readStage(SIGNING_KEY, SecretStage.PREVIOUS))
                .map(Secret::versionId)
                .contains(oldVersion);
    }

    @Test
    void givenAbsentSecret_whenVersionsRead_thenEmpty() {
        SecretStore store = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));

        assertThat(store.readAccepted("GAARA_CONTRACT_NEVER_STORED")).isEmpty();
        assertThat(store.readStage("GAARA_CONTRACT_NEVER_STORED", SecretStage.PREVIOUS))
                .isEmpty();
    }
}
