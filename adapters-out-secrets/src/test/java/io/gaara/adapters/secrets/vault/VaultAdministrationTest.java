package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The secrets commands on Vault: check-and-set writes, and a "pending" version that is live as soon as it is written.
 */
class VaultAdministrationTest {
    private static final String PREFIX = "gaara/production";
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String FIRST = "first-q3Zk8vJ1xN0bT4wYc7RmA2hLpE6sUuGd9fKiOj";
    private static final String SECOND = "second-Zr8Tq1Wx4Yb7Nc0Vm3Lk6Jh9Gf2Ds5Ap8Oi1U";
    private static final String OTHER = "other-Hs5oPq-Lw2_Ny7Rt4VbXc9MeHs5oPq-Lw2_Ny7R";

    private VaultDouble vault;
    private VaultConnection connection;
    private SecretAdministration admin;
    private SecretStore store;

    @BeforeEach
    void start() {
        vault = VaultDouble.start();
        connection = VaultConnection.open(vault.settings(PREFIX));
        admin = connection.administration();
        store = connection.secretStore();
    }

    @AfterEach
    void stop() {
        connection.close();
        vault.close();
    }

    @Test
    void givenNoSecret_whenCreatedIfAbsent_thenVersionOneHoldsTheValue() {
        assertThat(admin.createIfAbsent(NAME, FIRST)).isTrue();

        Secret secret = store.read(NAME).orElseThrow();
        assertThat(secret.value()).isEqualTo(FIRST);
        assertThat(secret.versionId()).isEqualTo("vault-kv-v1-" + NAME);
        assertThat(admin.backendName()).isEqualTo("vault");
    }

    @Test
    void givenExistingSecret_whenCreatedIfAbsent_thenFalseAndUntouched() {
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", FIRST));

        assertThat(admin.createIfAbsent(NAME, SECOND)).isFalse();

        assertThat(store.read(NAME)).map(Secret::value).contains(FIRST);
        assertThat(vault.currentVersion("secret", PREFIX + "/" + NAME)).isEqualTo(1);
    }

    @Test
    void givenTwoOperatorsCreatingAtOnce_whenTheOtherWritesFirst_thenOursIsRefusedByCheckAndSet() {
        vault.beforeNextWrite(() -> vault.write("secret", PREFIX + "/" + NAME, Map.of("value", OTHER)));

        assertThat(admin.createIfAbsent(NAME, FIRST)).isFalse();

        assertThat(store.read(NAME)).map(Secret::value).contains(OTHER);
    }

    @Test
    void givenSecret_whenStagedAndPromoted_thenNewVersionCurrentAndOldOnePrevious() {
        admin.createIfAbsent(NAME, FIRST);

        String staged = admin.stagePending(NAME, SECOND);
        // Vault has no pending stage: the written version is live at once
        assertThat(store.read(NAME).orElseThrow().versionId()).isEqualTo(staged).isEqualTo("vault-kv-v2-" + NAME);
        assertThat(store.readStage(NAME, SecretStage.PENDING)).isEmpty();
        admin.promotePending(NAME, staged);

        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(SECOND, FIRST);
    }

    @Test
    void givenConcurrentRotation_whenStaging_thenRefusedAndNothingWritten() {
        admin.createIfAbsent(NAME, FIRST);
        vault.beforeNextWrite(() -> vault.write("secret", PREFIX + "/" + NAME, Map.of("value", OTHER)));

        assertThatThrownBy(() -> admin.stagePending(NAME, SECOND))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("changed while rotating")
                .hasMessageNotContaining(SECOND)
                .hasMessageNotContaining(OTHER);

        assertThat(store.read(NAME)).map(Secret::value).contains(OTHER);
        assertThat(vault.currentVersion("secret", PREFIX + "/" + NAME)).isEqualTo(2);
    }

    @Test
    void givenRotatedSecret_whenPreviousRetired_thenThatVersionIsSoftDeletedAndOnlyTheCurrentIsAccepted() {
        admin.createIfAbsent(NAME, FIRST);
        admin.promotePending(NAME, admin.stagePending(NAME, SECOND));
        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(SECOND, FIRST);

        assertThat(admin.retirePrevious(NAME))
                .hasValueSatisfying(
                        d -> assertThat(d).startsWith("vault-kv-v1-" + NAME).contains("soft-deleted"));

        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(SECOND);
        assertThat(store.readStage(NAME, SecretStage.PREVIOUS)).isEmpty();
        assertThat(admin.retirePrevious(NAME)).as("nothing left to retire").isEmpty();
        assertThat(store.read(NAME)).map(Secret::versionId).contains("vault-kv-v2-" + NAME);
    }

    @Test
    void givenOneVersionOnly_whenPreviousRetired_thenNothingToRetire() {
        admin.createIfAbsent(NAME, FIRST);

        assertThat(admin.retirePrevious(NAME)).isEmpty();
        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(FIRST);
    }

    @Test
    void givenStagedVersion_whenAskedForTheRevision_thenItIsTheWrittenVersionAlreadyLive() {
        admin.createIfAbsent(NAME, FIRST);
        assertThat(admin.currentRevision(NAME)).isEqualTo("1");
        assertThat(admin.stagesBeforeLive()).isFalse();

        String staged = admin.stagePending(NAME, SECOND);
        admin.discardPending(NAME, staged);

        assertThat(admin.currentRevision(NAME)).isEqualTo("2");
        assertThat(store.read(NAME))
                .map(Secret::value)
                .as("discard takes nothing back on Vault")
                .contains(SECOND);
    }

    @Test
    void givenLaterWriteAfterStaging_whenPromoted_thenReportedNotAssumed() {
        admin.createIfAbsent(NAME, FIRST);
        String staged = admin.stagePending(NAME, SECOND);
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", OTHER));

        assertThatThrownBy(() -> admin.promotePending(NAME, staged))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(staged)
                .hasMessageContaining("vault-kv-v3-" + NAME);
    }

    @Test
    void givenForeignVersionId_whenPromoted_thenRejected() {
        admin.createIfAbsent(NAME, FIRST);

        assertThatThrownBy(() -> admin.promotePending(NAME, "vault-kv-v1-OTHER_KEY"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> admin.promotePending(NAME, "AWSCURRENT")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenNoSecret_whenStaged_thenToldToCreateItFirst() {
        assertThatThrownBy(() -> admin.stagePending(NAME, SECOND))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create it first");
        assertThat(vault.currentVersion("secret", PREFIX + "/" + NAME)).isZero();
    }

    @Test
    void givenSealedVault_whenWriting_thenUnavailableWithoutTheValue() {
        vault.failWith(503);

        assertThatThrownBy(() -> admin.createIfAbsent(NAME, FIRST))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("Vault is sealed")
                .hasMessageNotContaining(FIRST);
        vault.recover();
        admin.createIfAbsent(NAME, FIRST);
        vault.failWith(503);
        assertThatThrownBy(() -> admin.stagePending(NAME, SECOND))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageNotContaining(SECOND);
    }
}
