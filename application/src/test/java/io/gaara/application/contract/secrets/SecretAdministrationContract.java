package io.gaara.application.contract.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretAdministration;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.CapturedLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every {@link SecretAdministration} adapter must do for {@code secrets init} and {@code secrets rotate}, checked
 * through the {@link SecretStore} of the same backend, which is what the server will read. Subclass it once per
 * adapter; every test starts from an empty place in the backend ({@link #emptyBackend}).
 *
 * <p>No value is ever echoed: not in an exception (nor its causes), not in {@code toString}, not in any log line of
 * {@code io.gaara}.
 *
 * <p><b>Where backends differ.</b> The port promises a pending stage: a staged version is not current until
 * {@link SecretAdministration#promotePending promoted}, so the command can read it back before anybody is served it
 * (AWS Secrets Manager's {@code AWSPENDING}). Vault KV v2 has no pending stage: its adapter writes the staged version
 * as the new current one at once, and promotion only checks that it is still the latest (see
 * {@code docs/KMS_VAULT_INTEGRATION.md}). Such an adapter overrides {@link #stagedVersionWaitsForPromotion()} to answer
 * false; one test depends on it, and everything the command relies on holds either way: the staged version reads back
 * by its id before promotion (pending stage, or current), and after promotion it is current with the one before as
 * previous.
 */
public abstract class SecretAdministrationContract {
    protected static final String NAME = "GAARA_CONTRACT_SIGNING_KEY";
    protected static final String OTHER_NAME = "GAARA_CONTRACT_DB_PASSWORD";
    protected static final String FIRST_VALUE = "Fv3Kq8Zp1Wn6Rt4Yb9Lc2Hs7Jd0Mg5Xa3Ue8Io1Pk6";
    protected static final String SECOND_VALUE = "Sd7Hn2Qe5Vm9Tz1Ck4Wb8Ry3Lp6Ja0Fx5Gu2Ni7Oh4";
    protected static final String OTHER_VALUE = "Ot4Jc8Xr1Mb5Ws9Hq2Ze6Pk3Vn7La0Dy4Gf8Tu1Ei5";
    protected static final String OTHER_SECOND_VALUE = "Oz2Nh6Fw0Qb4Yk8Tc3Lx7Rm1Sd5Jp9Ve2Ag6Ui0Ko3";

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.perTest();

    /** The administration under test and the store that reads the same place in the same backend. */
    public record Backend(SecretAdministration administration, SecretStore store) {}

    /** A place in the backend where no secret exists yet (a fresh prefix, environment or path), new for each call. */
    protected abstract Backend emptyBackend();

    /** An administration whose backend does not answer: down, sealed or unreachable. */
    protected abstract SecretAdministration unreachableBackend();

    /**
     * True, as the port promises, when a staged version stays pending until promoted; false for a backend without a
     * pending stage, where the staged version is current as soon as it is written.
     */
    protected boolean stagedVersionWaitsForPromotion() {
        return true;
    }

    @BeforeEach
    void neverLogged() {
        for (String value : List.of(FIRST_VALUE, SECOND_VALUE, OTHER_VALUE, OTHER_SECOND_VALUE)) {
            logs.plant(value);
        }
    }

    @Test
    void givenNoSecret_whenCreatedIfAbsent_thenTrueAndTheValueIsCurrent() {
        Backend backend = emptyBackend();

        assertThat(backend.administration().createIfAbsent(NAME, FIRST_VALUE)).isTrue();

        Secret current = backend.store().read(NAME).orElseThrow();
        assertThat(current.name()).isEqualTo(NAME);
        assertThat(current.value()).isEqualTo(FIRST_VALUE);
        assertThat(current.versionId()).isNotBlank();
        assertThat(backend.store().readAccepted(NAME)).containsExactly(current);
    }

    @Test
    void givenExistingSecret_whenCreatedIfAbsent_thenFalseAndNothingWritten() {
        Backend backend = emptyBackend();
        backend.administration().createIfAbsent(NAME, FIRST_VALUE);
        List<Secret> before = backend.store().readAccepted(NAME);

        assertThat(backend.administration().createIfAbsent(NAME, SECOND_VALUE)).isFalse();

        // init runs again on every deployment: it must never replace a key that is in use
        assertThat(backend.store().readAccepted(NAME)).isEqualTo(before);
    }

    @Test
    void givenOneSecretExists_whenAnotherNameCreatedIfAbsent_thenItIsCreatedAndTheFirstKeepsItsValue() {
        Backend backend = emptyBackend();
        backend.administration().createIfAbsent(NAME, FIRST_VALUE);

        assertThat(backend.administration().createIfAbsent(OTHER_NAME, OTHER_VALUE))
                .isTrue();

        assertThat(backend.store().read(OTHER_NAME)).map(Secret::value).contains(OTHER_VALUE);
        assertThat(backend.store().read(NAME)).map(Secret::value).contains(FIRST_VALUE);
    }

    @Test
    void givenEmptyValue_whenCreatedOrStaged_thenRefusedAndNothingWritten() {
        Backend backend = emptyBackend();

        // an empty value reads as absent: storing one would look like success and serve nothing
        assertThatThrownBy(() -> backend.administration().createIfAbsent(NAME, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(backend.store().read(NAME)).isEmpty();

        backend.administration().createIfAbsent(NAME, FIRST_VALUE);
        List<Secret> before = backend.store().readAccepted(NAME);
        assertThatThrownBy(() -> backend.administration().stagePending(NAME, ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(backend.store().readAccepted(NAME)).isEqualTo(before);
        assertThat(backend.store().readStage(NAME, SecretStage.PENDING)).isEmpty();
    }

    @Test
    void givenNoSecret_whenStaged_thenRefusedWithoutTheValueAndNothingCreated() {
        Backend backend = emptyBackend();

        // "of an existing secret": rotating a name that was never created is an operator's mistake, not a create
        assertThatThrownBy(() -> backend.administration().stagePending(NAME, SECOND_VALUE))
                .isInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertNoValueIn(e));
        assertThat(backend.store().read(NAME)).isEmpty();
        assertThat(backend.store().readStage(NAME, SecretStage.PENDING)).isEmpty();
    }

    @Test
    void givenExistingSecret_whenStaged_thenTheStagedVersionReadsBackByItsIdBeforePromotion() {
        Backend backend = emptyBackend();
        backend.administration().createIfAbsent(NAME, FIRST_VALUE);
        String firstVersion = backend.store().read(NAME).orElseThrow().versionId();

        String staged = backend.administration().stagePending(NAME, SECOND_VALUE);

        // what `secrets rotate` checks before it promotes: the pending stage, or else the current version
        SecretStore store = backend.store();
        Optional<Secret> readBack = store.readStage(NAME, SecretStage.PENDING)
                .or(() -> store.read(NAME).filter(s -> s.versionId().equals(staged)));
        assertThat(staged).isNotBlank().isNotEqualTo(firstVersion);
        assertThat(readBack).map(Secret::versionId).contains(staged);
        assertThat(readBack).map(Secret::value).contains(SECOND_VALUE);
    }

    @Test
    void givenStagedVersion_whenReadBeforePromotion_thenPendingIfTheBackendHasAPendingStageElseAlreadyCurrent() {
        Backend backend = emptyBackend();
        backend.administration().createIfAbsent(NAME, FIRST_VALUE);
        String firstVersion = backend.store().read(NAME).orElseThrow().versionId();

        String staged = backend.administration().stagePending(NAME, SECOND_VALUE);

        if (stagedVersionWaitsForPromotion()) {
            // the port's promise: nobody is served the new value before the command has checked it
            assertThat(backend.store().read(NAME)).map(Secret::versionId).contains(firstVersion);
            assertThat(backend.store().readStage(NAME, SecretStage.PENDING))
                    .map(Secret::versionId)
                    .contains(staged);
        } else {
            // no pending stage (Vault KV v2): current at once, with the old version still accepted as previous
            assertThat(backend.store().read(NAME)).map(Secret::versionId).contains(staged);
            assertThat(backend.store().readStage(NAME, SecretStage.PENDING)).isEmpty();
            assertThat(backend.store().readStage(NAME, SecretStage.PREVIOUS))
                    .map(Secret::versionId)
                    .contains(firstVersion);
        }
    }

    @Test
    void givenStagedVersion_whenPromoted_thenItIsCurrentAndTheOldOneIsPrevious() {
        Backend backend = emptyBackend();
        SecretStore store = backend.store();
        backend.administration().createIfAbsent(NAME, FIRST_VALUE);
        String firstVersion = store.read(NAME).orElseThrow().versionId();
        String staged = backend.administration().stagePending(NAME, SECOND_VALUE);

        backend.administration().promotePending(NAME, staged);

        assertThat(store.read(NAME)).map(Secret::versionId).contains(staged);
        assertThat(store.read(NAME)).map(Secret::value).contains(SECOND_VALUE);
        // the old version stays accepted, so tokens signed with it still verify: the rotation logs nobody out
        assertThat(store.readAccepted(NAME)).extracting(Secret::versionId).containsExactly(staged, firstVersion);
        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(SECOND_VALUE, FIRST_VALUE);
        assertThat(store.readStage(NAME, SecretStage.PREVIOUS))
                .map(Secret::versionId)
                .contains(firstVersion);
        assertThat(store.readStage(NAME, SecretStage.PENDING)).isEmpty();
    }

    @Test
    void givenVersionIdOfAnotherSecret_whenPromoted_thenRefusedAndTheCurrentVersionKept() {
        Backend backend = emptyBackend();
        SecretAdministration admin = backend.administration();
        admin.createIfAbsent(NAME, FIRST_VALUE);
        admin.createIfAbsent(OTHER_NAME, OTHER_VALUE);
        String stagedForOther = admin.stagePending(OTHER_NAME, OTHER_SECOND_VALUE);
        Secret before = backend.store().read(NAME).orElseThrow();

        // "that pending version": only a version staged for this name can become its current one
        assertThatThrownBy(() -> admin.promotePending(NAME, stagedForOther))
                .isInstanceOfAny(IllegalStateException.class, IllegalArgumentException.class);

        assertThat(backend.store().read(NAME)).contains(before);
    }

    @Test
    void givenBackendNotAnswering_whenWriting_thenUnavailableAndNoValueInTheException() {
        SecretAdministration down = unreachableBackend();

        // unavailable, not refused: the operator retries later instead of looking for a mistake
        assertThatThrownBy(() -> down.createIfAbsent(NAME, FIRST_VALUE))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .satisfies(e -> assertNoValueIn(e));
        assertThatThrownBy(() -> down.stagePending(NAME, SECOND_VALUE))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .satisfies(e -> assertNoValueIn(e));
    }

    @Test
    void givenWrites_whenAdministrationNamedAndPrinted_thenTheStoresBackendAndNoValue() {
        Backend backend = emptyBackend();
        SecretAdministration admin = backend.administration();
        admin.createIfAbsent(NAME, FIRST_VALUE);
        admin.promotePending(NAME, admin.stagePending(NAME, SECOND_VALUE));

        // the commands report where they wrote by the name the server's diagnostics use for the same backend
        assertThat(admin.backendName()).isNotBlank().isEqualTo(backend.store().backendName());
        assertThat(admin.toString()).doesNotContain(FIRST_VALUE).doesNotContain(SECOND_VALUE);
    }

    /** No value in the exception's message or text, nor in those of its causes and suppressed exceptions. */
    private static void assertNoValueIn(Throwable thrown) {
        List<Throwable> seen = new ArrayList<>();
        collect(thrown, seen);
        for (Throwable t : seen) {
            for (String value : List.of(FIRST_VALUE, SECOND_VALUE, OTHER_VALUE, OTHER_SECOND_VALUE)) {
                assertThat(String.valueOf(t.getMessage()))
                        .as("message of %s", t.getClass().getName())
                        .doesNotContain(value);
                assertThat(t.toString()).doesNotContain(value);
            }
        }
    }

    private static void collect(Throwable t, List<Throwable> seen) {
        if (t == null || seen.stream().anyMatch(s -> s == t)) {
            return;
        }
        seen.add(t);
        collect(t.getCause(), seen);
        for (Throwable suppressed : t.getSuppressed()) {
            collect(suppressed, seen);
        }
    }
}
