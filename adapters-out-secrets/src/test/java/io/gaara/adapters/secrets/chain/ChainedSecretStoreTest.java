package io.gaara.adapters.secrets.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.fakes.InMemorySecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fallback rules; the port's contract is {@link ChainedSecretStoreContractTest}. */
class ChainedSecretStoreTest {
    private static final String NAME = "GAARA_JWT_SECRET_KEY";
    private static final String PRIMARY_VALUE = "Pr1maryV4lue_kT9xQ2mW7nB4vC8zL3hJ6fD1sA5gE0";
    private static final String DEV_VALUE = "D3vV4lue_fromDotenv_xY7wQ1eR4tU8iO2pA6sD9f";

    private final InMemorySecretStore primary = new InMemorySecretStore();
    private final InMemorySecretStore secondary = new InMemorySecretStore();

    @Test
    void givenNameAbsentFromPrimary_whenRead_thenSecondaryAnswers() {
        secondary.put(NAME, DEV_VALUE);
        SecretStore chain = ChainedSecretStore.of(primary, secondary);

        assertThat(chain.read(NAME)).map(Secret::value).contains(DEV_VALUE);
        assertThat(chain.readAccepted(NAME)).extracting(Secret::value).containsExactly(DEV_VALUE);
        assertThat(primary.reads.get()).as("the primary was asked first").isPositive();
    }

    @Test
    void givenNameWithdrawnInPrimary_whenRead_thenAbsentAndTheDevelopmentValueNeverUsed() {
        primary.put(NAME, PRIMARY_VALUE);
        primary.withdraw(NAME);
        secondary.put(NAME, DEV_VALUE);
        SecretStore chain = ChainedSecretStore.of(primary, secondary);

        assertThat(chain.read(NAME)).isEmpty();
        assertThat(chain.readAccepted(NAME)).isEmpty();
        assertThat(chain.readStage(NAME, SecretStage.CURRENT)).isEmpty();
        assertThat(chain.readStage(NAME, SecretStage.PREVIOUS)).isEmpty();
        assertThat(chain.withdrawn(NAME)).isTrue();
        assertThat(secondary.reads.get()).as("the .env value was never read").isZero();
    }

    @Test
    void givenNameInPrimary_whenRead_thenPrimaryWinsAndSecondaryNeverAsked() {
        primary.put(NAME, PRIMARY_VALUE);
        secondary.put(NAME, DEV_VALUE);
        SecretStore chain = ChainedSecretStore.of(primary, secondary);

        assertThat(chain.read(NAME)).map(Secret::value).contains(PRIMARY_VALUE);
        assertThat(chain.readStage(NAME, SecretStage.CURRENT))
                .map(Secret::value)
                .contains(PRIMARY_VALUE);
        assertThat(secondary.reads.get()).isZero();
    }

    @Test
    void givenPrimaryUnavailable_whenRead_thenFailurePropagatesAndDevelopmentSourceNeverAsked() {
        primary.put(NAME, PRIMARY_VALUE);
        primary.failing(true);
        secondary.put(NAME, DEV_VALUE);
        SecretStore chain = ChainedSecretStore.of(primary, secondary);

        assertThatThrownBy(() -> chain.read(NAME)).isInstanceOf(SecretStoreUnavailableException.class);
        assertThatThrownBy(() -> chain.readAccepted(NAME)).isInstanceOf(SecretStoreUnavailableException.class);
        assertThatThrownBy(() -> chain.readStage(NAME, SecretStage.CURRENT))
                .isInstanceOf(SecretStoreUnavailableException.class);
        assertThat(secondary.reads.get()).isZero();
    }

    @Test
    void givenPrimaryOwnsName_whenPendingStageRead_thenSecondarysStagesNotMixedIn() {
        primary.put(NAME, PRIMARY_VALUE);
        secondary.put(NAME, DEV_VALUE);
        secondary.stagePending(NAME, DEV_VALUE + "2");
        secondary.put(NAME, DEV_VALUE + "3");
        SecretStore chain = ChainedSecretStore.of(primary, secondary);

        assertThat(chain.readStage(NAME, SecretStage.PENDING)).isEmpty();
        assertThat(chain.readStage(NAME, SecretStage.PREVIOUS)).isEmpty();
        assertThat(secondary.reads.get()).isZero();
    }

    @Test
    void givenNameOnlyInSecondary_whenPreviousStageRead_thenSecondaryAnswers() {
        secondary.put(NAME, DEV_VALUE);
        Secret old = secondary.read(NAME).orElseThrow();
        secondary.put(NAME, PRIMARY_VALUE);
        SecretStore chain = ChainedSecretStore.of(primary, secondary);

        assertThat(chain.readStage(NAME, SecretStage.PREVIOUS))
                .map(Secret::versionId)
                .contains(old.versionId());
    }

    @Test
    void givenSeveralBackends_whenNamed_thenNamesJoinedInOrder() {
        SecretStore chain = ChainedSecretStore.of(primary, new NamedStore("env"));

        assertThat(chain.backendName()).isEqualTo("in-memory,env");
        assertThat(chain.toString()).isEqualTo("ChainedSecretStore[in-memory,env]");
    }

    @Test
    void givenNoBackend_whenChained_thenRejected() {
        assertThatThrownBy(() -> new ChainedSecretStore(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private record NamedStore(String backendName) implements SecretStore {
        @Override
        public Optional<Secret> read(String name) {
            return Optional.empty();
        }
    }
}
