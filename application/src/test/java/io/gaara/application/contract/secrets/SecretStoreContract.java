package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SecretStore} adapter must do, whatever keeps the secrets. Subclass it once per adapter and seed the
 * backend in {@link #storeWith}.
 *
 * <p>Names are upper snake case and values are base64url without padding, so that every backend (environment variables,
 * a {@code .env} file, a secrets manager) can hold them verbatim.
 */
public abstract class SecretStoreContract {
    protected static final String SIGNING_KEY = "GAARA_CONTRACT_SIGNING_KEY";
    protected static final String SIGNING_KEY_VALUE = "q3Zk8vJ1xN0bT4wYc7RmA2hLpE6sUuGd9fKiOjXzVnB";
    protected static final String DB_PASSWORD = "GAARA_CONTRACT_DB_PASSWORD";
    protected static final String DB_PASSWORD_VALUE = "Hs5oPq-Lw2_Ny7Rt4VbXc9Me";

    /** A store in which exactly these secrets exist, each as its current version. */
    protected abstract SecretStore storeWith(Map<String, String> secrets);

    private SecretStore seeded() {
        return storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE, DB_PASSWORD, DB_PASSWORD_VALUE));
    }

    @Test
    void givenStoredSecret_whenRead_thenNameAndValueReturned() {
        Secret secret = seeded().read(SIGNING_KEY).orElseThrow();

        assertThat(secret.name()).isEqualTo(SIGNING_KEY);
        assertThat(secret.value()).isEqualTo(SIGNING_KEY_VALUE);
        assertThat(secret.versionId()).isNotBlank();
    }

    @Test
    void givenNoSecretByThatName_whenRead_thenEmpty() {
        SecretStore store = seeded();

        assertThat(store.read("GAARA_CONTRACT_NEVER_STORED")).isEmpty();
        // names are exact: no case folding that could make two configurations collide
        assertThat(store.read(SIGNING_KEY.toLowerCase(Locale.ROOT))).isEmpty();
    }

    @Test
    void givenNullName_whenRead_thenNullPointerException() {
        SecretStore store = seeded();

        assertThatThrownBy(() -> store.read(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void givenUnchangedSecret_whenReadTwice_thenSameVersionId() {
        SecretStore store = seeded();

        // the JWT kid is the version id: it must not drift while the key stays the same
        assertThat(store.read(SIGNING_KEY).orElseThrow().versionId())
                .isEqualTo(store.read(SIGNING_KEY).orElseThrow().versionId());
    }

    @Test
    void givenTwoSecretsWithDifferentValues_whenRead_thenVersionIdsDiffer() {
        SecretStore store = seeded();

        // two keys sharing a kid would let a verifier pick the wrong one
        assertThat(store.read(SIGNING_KEY).orElseThrow().versionId())
                .isNotEqualTo(store.read(DB_PASSWORD).orElseThrow().versionId());
    }

    @Test
    void givenStoreAndSecret_whenPrinted_thenNoValueAppears() {
        SecretStore store = seeded();
        Secret secret = store.read(SIGNING_KEY).orElseThrow();

        assertThat(store.backendName()).isNotBlank();
        for (String printed : new String[] {
            store.toString(), store.backendName(), secret.toString(), String.valueOf(store.read(DB_PASSWORD))
        }) {
            assertThat(printed).doesNotContain(SIGNING_KEY_VALUE).doesNotContain(DB_PASSWORD_VALUE);
        }
    }
}
