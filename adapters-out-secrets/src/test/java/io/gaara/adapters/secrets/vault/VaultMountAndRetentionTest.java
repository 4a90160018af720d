package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.adapters.secrets.chain.ChainedSecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreMisconfiguredException;
import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the mount must be for Gaara to be safe on it: KV version 2 (checked once, before the first read or write), a
 * deleted current version that does not fall through to the next backend, and version retention that keeps rotation
 * working (warned about at startup).
 */
class VaultMountAndRetentionTest {
    private static final String PREFIX = "gaara/production";
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String VALUE = "Zr8Tq1Wx4Yb7Nc0Vm3Lk6Jh9Gf2Ds5Ap8Oi1Uy4Et7R";
    private static final String DEV_VALUE = "D3vV4lue_fromDotenv_xY7wQ1eR4tU8iO2pA6sD9f";

    private final CapturedLogs logs = CapturedLogs.of("io.gaara.adapters.secrets.vault");
    private VaultDouble vault;

    @BeforeEach
    void start() {
        vault = VaultDouble.start();
    }

    @AfterEach
    void stop() {
        vault.close();
        logs.close();
    }

    private VaultConnection onMount(String mount) {
        VaultSettings s = vault.settings(PREFIX);
        return VaultConnection.open(new VaultSettings(
                s.address(), null, s.auth(), mount, PREFIX, s.connectTimeout(), s.readTimeout(), null));
    }

    @Test
    void givenKvVersion1Mount_whenRead_thenRefusedAsMisconfiguredNotAnsweredAbsent() {
        vault.withKvV1Mount("kv1");
        try (VaultConnection connection = onMount("kv1")) {
            assertThatThrownBy(() -> connection.secretStore().read(NAME))
                    .isInstanceOf(SecretStoreMisconfiguredException.class)
                    .hasMessageContaining("KV version 1")
                    .hasMessageContaining("vault kv enable-versioning kv1");

            // in a chain, the .env value must not be taken instead
            SecretStore chain = ChainedSecretStore.of(
                    connection.secretStore(), new EnvironmentSecretStore(Map.of(NAME, DEV_VALUE)));
            assertThatThrownBy(() -> chain.read(NAME)).isInstanceOf(SecretStoreMisconfiguredException.class);
        }
    }

    @Test
    void givenKvVersion1Mount_whenSecretsInitWrites_thenRefusedWithTheReasonAndNothingWritten() {
        vault.withKvV1Mount("kv1");
        try (VaultConnection connection = onMount("kv1")) {
            assertThatThrownBy(() -> connection.administration().createIfAbsent(NAME, VALUE))
                    .isInstanceOf(SecretStoreMisconfiguredException.class)
                    .hasMessageContaining("KV version 1");
        }
        assertThat(vault.calls("POST", "/v1/kv1/data/" + PREFIX + "/" + NAME)
                        + vault.calls("PUT", "/v1/kv1/data/" + PREFIX + "/" + NAME))
                .isZero();
    }

    @Test
    void givenKvVersion2Mount_whenReadTwice_thenCheckedOnce() {
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
        try (VaultConnection connection = onMount("secret")) {
            connection.secretStore().read(NAME);
            connection.secretStore().read(NAME);
        }
        assertThat(vault.calls("GET", "/v1/sys/internal/ui/mounts/secret/" + PREFIX))
                .isEqualTo(1);
    }

    @Test
    void givenSoftDeletedCurrentVersionInVaultAndTheNameInEnv_whenReadThroughTheChain_thenAbsentNotTheEnvValue() {
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
        vault.softDelete("secret", PREFIX + "/" + NAME);
        try (VaultConnection connection = onMount("secret")) {
            SecretStore chain = ChainedSecretStore.of(
                    connection.secretStore(), new EnvironmentSecretStore(Map.of(NAME, DEV_VALUE)));

            assertThat(chain.read(NAME)).isEmpty();
            assertThat(chain.readAccepted(NAME)).isEmpty();
        }
    }

    @Test
    void givenNameNeverInVault_whenReadThroughTheChain_thenTheNextBackendStillAnswers() {
        try (VaultConnection connection = onMount("secret")) {
            SecretStore chain = ChainedSecretStore.of(
                    connection.secretStore(), new EnvironmentSecretStore(Map.of(NAME, DEV_VALUE)));

            assertThat(chain.read(NAME)).map(Secret::value).contains(DEV_VALUE);
        }
    }

    @Test
    void givenMountKeepingOneVersion_whenStarted_thenWarnedThatRotationWouldLogEveryoneOut() {
        vault.withMountConfig("secret", 1, Duration.ZERO);
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
        try (VaultConnection connection = onMount("secret")) {
            connection.secretStore().read(NAME);
        }
        assertThat(logs.events())
                .anyMatch(e ->
                        e.getLevel() == Level.WARN && e.getFormattedMessage().contains("max_versions 1"));
    }

    @Test
    void givenSecretDeletedOnASchedule_whenRead_thenWarnedThatTheCurrentValueWillDisappear() {
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
        vault.withSecretRetention("secret", PREFIX + "/" + NAME, 0, Duration.ofDays(30));
        try (VaultConnection connection = onMount("secret")) {
            connection.secretStore().read(NAME);
            connection.secretStore().read(NAME);
        }
        assertThat(logs.events())
                .filteredOn(e ->
                        e.getLevel() == Level.WARN && e.getFormattedMessage().contains("delete_version_after"))
                .as("once per name")
                .hasSize(1)
                .allMatch(e -> e.getFormattedMessage().contains(NAME));
    }

    @Test
    void givenDefaultRetention_whenRead_thenNoRetentionWarning() {
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
        try (VaultConnection connection = onMount("secret")) {
            connection.secretStore().read(NAME);
        }
        assertThat(logs.events())
                .noneMatch(e -> e.getLevel() == Level.WARN
                        && (e.getFormattedMessage().contains("max_versions")
                                || e.getFormattedMessage().contains("delete_version_after")));
    }
}
