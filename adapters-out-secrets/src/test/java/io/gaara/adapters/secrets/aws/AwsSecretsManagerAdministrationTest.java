package io.gaara.adapters.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.testsupport.CapturedLogs;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** {@code secrets init} and {@code secrets rotate} on moto_server, checked through the store the server reads with. */
class AwsSecretsManagerAdministrationTest {
    private static final String KEY = "GAARA_JWT_SECRET_KEY";
    private static final String OTHER = "GAARA_DB_PASSWORD";

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.perTest("software.amazon.awssdk");

    private final MotoServer moto = MotoServer.shared();
    private SecretsManagerClient client;
    private KmsClient kms;
    private String kmsKeyId;
    private AwsSecretsSettings settings;

    @BeforeEach
    void clients() {
        client = moto.secretsManagerClient();
        kms = moto.kmsClient();
        kmsKeyId = kms.createKey(r -> r.description("gaara admin test"))
                .keyMetadata()
                .keyId();
        settings = AwsSecretsSettings.forEnvironment(Seeding.freshEnvironment());
    }

    @AfterEach
    void close() {
        client.close();
        kms.close();
    }

    private AwsSecretsManagerAdministration admin() {
        return new AwsSecretsManagerAdministration(client, settings, kmsKeyId);
    }

    private AwsSecretsManagerSecretStore store() {
        return new AwsSecretsManagerSecretStore(client, settings);
    }

    @Test
    void givenNoSecret_whenCreatedIfAbsent_thenEncryptedUnderTheKeyAndTagged() {
        String value = logs.plant("init-4Rf6Tg8Yh0Uj2Ik4Ol6Pa8");

        assertThat(admin().createIfAbsent(KEY, value)).isTrue();

        DescribeSecretResponse described = client.describeSecret(r -> r.secretId(settings.prefix() + KEY));
        assertThat(described.kmsKeyId()).contains(kmsKeyId);
        assertThat(described.tags())
                .extracting(Tag::key, Tag::value)
                .contains(
                        Tuple.tuple("app", "gaara"),
                        Tuple.tuple("environment", settings.environment()),
                        Tuple.tuple("managed-by", "gaara-cli"));
        assertThat(store().read(KEY)).map(Secret::value).contains(value);
    }

    @Test
    void givenExistingSecret_whenCreatedIfAbsent_thenFalseAndValueKept() {
        String first = logs.plant("first-1Az3Sx5Dc7Fv9Gb1Hn3Jm");
        admin().createIfAbsent(KEY, first);

        assertThat(admin().createIfAbsent(KEY, logs.plant("second-8Ik6Uj4Yh2Tg0Rf8Ed6Ws")))
                .isFalse();
        assertThat(store().read(KEY)).map(Secret::value).contains(first);
    }

    @Test
    void givenCreatedSecret_whenStagedThenPromoted_thenNewIsCurrentOldIsPreviousNothingPending() {
        String old = logs.plant("old-2Qa4Ws6Ed8Rf0Tg2Yh4Uj6");
        String rotated = logs.plant("rotated-7Ik9Ol1Pa3Sd5Fg7Hj9K");
        var admin = admin();
        var store = store();
        admin.createIfAbsent(KEY, old);
        String oldVersion = store.read(KEY).orElseThrow().versionId();

        String staged = admin.stagePending(KEY, rotated);

        // staged, not yet served: the operator's command checks it before promoting
        assertThat(store.read(KEY)).map(Secret::value).contains(old);
        assertThat(store.readStage(KEY, SecretStage.PENDING))
                .map(Secret::versionId)
                .contains(staged);

        admin.promotePending(KEY, staged);

        assertThat(store.read(KEY)).map(Secret::versionId).contains(staged);
        assertThat(store.readAccepted(KEY)).extracting(Secret::value).containsExactly(rotated, old);
        assertThat(store.readStage(KEY, SecretStage.PREVIOUS))
                .map(Secret::versionId)
                .contains(oldVersion);
        assertThat(store.readStage(KEY, SecretStage.PENDING)).isEmpty();
        // Secrets Manager (and moto) moved AWSPREVIOUS itself; we took AWSPENDING off
        assertThat(client.describeSecret(r -> r.secretId(settings.prefix() + KEY))
                        .versionIdsToStages())
                .containsEntry(staged, List.of("AWSCURRENT"))
                .containsEntry(oldVersion, List.of("AWSPREVIOUS"));
    }

    @Test
    void givenPromotedVersion_whenPromotedAgain_thenNothingChanges() {
        var admin = admin();
        admin.createIfAbsent(KEY, logs.plant("a-5Tg7Yh9Uj1Ik3Ol5Pa7Sd9Fg"));
        String staged = admin.stagePending(KEY, logs.plant("b-0Zx2Cv4Bn6Mq8We0Rt2Yu4Io"));
        admin.promotePending(KEY, staged);
        List<Secret> accepted = store().readAccepted(KEY);

        admin.promotePending(KEY, staged);

        assertThat(store().readAccepted(KEY)).isEqualTo(accepted);
    }

    @Test
    void givenVersionThatIsNotPending_whenPromoted_thenRefused() {
        var admin = admin();
        admin.createIfAbsent(KEY, logs.plant("c-3Ed5Rf7Tg9Yh1Uj3Ik5Ol7Pa"));
        String first = store().read(KEY).orElseThrow().versionId();
        admin.promotePending(KEY, admin.stagePending(KEY, logs.plant("d-6Yh8Uj0Ik2Ol4Pa6Sd8Fg0Hj")));

        // the old version is AWSPREVIOUS now: promoting it would be a rollback, not a rotation
        assertThatThrownBy(() -> admin.promotePending(KEY, first))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not pending");
        assertThatThrownBy(() -> admin.promotePending(KEY, "00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no version");
    }

    @Test
    void givenNoSecret_whenStaged_thenToldToCreateItFirst() {
        assertThatThrownBy(() -> admin().stagePending(KEY, logs.plant("e-9Ol1Pa3Sd5Fg7Hj9Kl1Zx3Cv")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(settings.prefix() + KEY)
                .hasMessageContaining("secrets init")
                .hasMessageNotContaining("e-9Ol1Pa3Sd5Fg7Hj9Kl1Zx3Cv");
    }

    @Test
    void givenNoKmsKey_whenCreated_thenRefused() {
        var withoutKey = new AwsSecretsManagerAdministration(client, settings, null);

        assertThatThrownBy(() -> withoutKey.createIfAbsent(KEY, logs.plant("f-2Bn4Mq6We8Rt0Yu2Io4Pa6Sd")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KMS key");
        assertThat(store().read(KEY)).isEmpty();
    }

    @Test
    void givenSecretScheduledForDeletion_whenCreated_thenToldToRestoreIt() {
        admin().createIfAbsent(KEY, logs.plant("g-5Fg7Hj9Kl1Zx3Cv5Bn7Mq9We"));
        client.deleteSecret(r -> r.secretId(settings.prefix() + KEY).recoveryWindowInDays(7L));

        assertThatThrownBy(() -> admin().createIfAbsent(KEY, logs.plant("h-8Rt0Yu2Io4Pa6Sd8Fg0Hj2Kl")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scheduled for deletion");
    }

    @Test
    void givenJsonSecret_whenCreatedStagedAndPromoted_thenOnlyThatEntryRotates() {
        settings = settings.withJsonSecretId(settings.prefix() + "all");
        var admin = admin();
        var store = store();
        String key = logs.plant("jwt-1Qw3Er5Ty7Ui9Op1As3Df5G");
        String password = logs.plant("db-4Gh6Jk8Lz0Xc2Vb4Nm6Qw8E");

        assertThat(admin.createIfAbsent(KEY, key)).isTrue();
        assertThat(admin.createIfAbsent(OTHER, password)).isTrue();
        assertThat(admin.createIfAbsent(KEY, logs.plant("ignored-7Rt9Yu1Io3Pa5Sd7Fg9H")))
                .isFalse();
        assertThat(store.read(KEY)).map(Secret::value).contains(key);
        assertThat(store.read(OTHER)).map(Secret::value).contains(password);
        assertThat(client.describeSecret(r -> r.secretId(settings.jsonSecretId()))
                        .kmsKeyId())
                .contains(kmsKeyId);

        String rotated = logs.plant("jwt2-0Lk8Jh6Gf4Ds2Aq0Wz8Xs6");
        String staged = admin.stagePending(KEY, rotated);
        admin.promotePending(KEY, staged);

        assertThat(store.read(KEY)).map(Secret::versionId).contains(staged);
        assertThat(store.readAccepted(KEY)).extracting(Secret::value).containsExactly(rotated, key);
        assertThat(store.read(OTHER)).map(Secret::value).contains(password);
    }

    @Test
    void givenRotatedSecret_whenPreviousRetired_thenOnlyTheCurrentVersionIsAcceptedAndTheLabelIsGone() {
        String first = logs.plant("retire-first-3Ed5Rf7Tg9Yh1Uj3Ik5Ol");
        String second = logs.plant("retire-second-7Yh9Uj1Ik3Ol5Pa7Sd9F");
        admin().createIfAbsent(KEY, first);
        admin().promotePending(KEY, admin().stagePending(KEY, second));
        assertThat(store().readAccepted(KEY)).extracting(Secret::value).containsExactly(second, first);

        assertThat(admin().retirePrevious(KEY))
                .hasValueSatisfying(d -> assertThat(d).contains("AWSPREVIOUS"));

        assertThat(store().readAccepted(KEY)).extracting(Secret::value).containsExactly(second);
        assertThat(store().readStage(KEY, SecretStage.PREVIOUS)).isEmpty();
        assertThat(client.describeSecret(r -> r.secretId(settings.prefix() + KEY))
                        .versionIdsToStages()
                        .values())
                .noneMatch(stages -> stages.contains("AWSPREVIOUS"));
        assertThat(admin().retirePrevious(KEY)).as("nothing left to retire").isEmpty();
    }

    @Test
    void givenJsonSecret_whenPreviousRetiredForOneName_thenNamesUnchangedInTheLastWriteKeepNoPreviousEither() {
        settings = settings.withJsonSecretId(settings.prefix() + "all");
        var admin = admin();
        var store = store();
        String key = logs.plant("jwt-r-2Ws4Ed6Rf8Tg0Yh2Uj4Ik6O");
        String password = logs.plant("db-r-5Tg7Yh9Uj1Ik3Ol5Pa7Sd9F");
        admin.createIfAbsent(KEY, key);
        admin.createIfAbsent(OTHER, password);
        String rotated = logs.plant("jwt-r2-8Ik0Ol2Pa4Sd6Fg8Hj0Kl2");
        admin.promotePending(KEY, admin.stagePending(KEY, rotated));
        assertThat(store.readAccepted(KEY)).extracting(Secret::value).containsExactly(rotated, key);

        assertThat(admin.retirePrevious(KEY)).isPresent();

        assertThat(store.readAccepted(KEY)).extracting(Secret::value).containsExactly(rotated);
        assertThat(store.readAccepted(OTHER)).extracting(Secret::value).containsExactly(password);
    }

    @Test
    void givenStagedVersion_whenCurrentEditedMeanwhile_thenRevisionMovedAndDiscardLeavesTheEditCurrent() {
        settings = settings.withJsonSecretId(settings.prefix() + "all");
        var admin = admin();
        var store = store();
        admin.createIfAbsent(KEY, logs.plant("jwt-d-1Qa3Ws5Ed7Rf9Tg1Yh3Uj5I"));
        admin.createIfAbsent(OTHER, logs.plant("db-d-4Rf6Tg8Yh0Uj2Ik4Ol6Pa8S"));
        String revision = admin.currentRevision(KEY);
        String staged = admin.stagePending(KEY, logs.plant("jwt-d2-7Yh9Uj1Ik3Ol5Pa7Sd9Fg1"));
        assertThat(admin.currentRevision(KEY))
                .as("staging leaves AWSCURRENT where it was")
                .isEqualTo(revision);
        String edited = logs.plant("db-edited-0Ol2Pa4Sd6Fg8Hj0Kl2Zx4");
        String current =
                client.getSecretValue(r -> r.secretId(settings.jsonSecretId())).secretString();
        client.putSecretValue(r -> r.secretId(settings.jsonSecretId())
                .secretString(
                        current.replaceFirst("\"" + OTHER + "\":\"[^\"]*\"", "\"" + OTHER + "\":\"" + edited + "\"")));

        assertThat(admin.currentRevision(KEY)).isNotEqualTo(revision);
        admin.discardPending(KEY, staged);

        assertThat(store.readStage(KEY, SecretStage.PENDING)).isEmpty();
        assertThat(store.read(OTHER)).map(Secret::value).contains(edited);
    }

    @Test
    void givenEnabledKey_whenVerified_thenItsArn() {
        assertThat(admin().verifyKmsKey(kms)).startsWith("arn:aws:kms:").endsWith(kmsKeyId);
    }

    @Test
    void givenMissingOrDisabledKey_whenVerified_thenRefusedWithTheReason() {
        assertThatThrownBy(() -> new AwsSecretsManagerAdministration(
                                client, settings, "11111111-2222-3333-4444-555555555555")
                        .verifyKmsKey(kms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not exist");

        kms.disableKey(r -> r.keyId(kmsKeyId));
        assertThatThrownBy(() -> admin().verifyKmsKey(kms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Disabled");
    }

    @Test
    void givenAsymmetricKey_whenVerified_thenRefused() {
        String signingKey = kms.createKey(r -> r.keySpec("ECC_NIST_P256").keyUsage("SIGN_VERIFY"))
                .keyMetadata()
                .keyId();

        assertThatThrownBy(() -> new AwsSecretsManagerAdministration(client, settings, signingKey).verifyKmsKey(kms))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SYMMETRIC_DEFAULT");
    }

    @Test
    void givenSettingsFromVariables_whenNoOverrides_thenDefaultPrefixAndPerNameSecrets() {
        var defaults = AwsSecretsSettings.fromVariables("production", Map.of());
        var bundled = AwsSecretsSettings.fromVariables(
                "production", Map.of(AwsSecretsSettings.JSON_SECRET_ID_VARIABLE, "gaara/production/all"));

        assertThat(defaults).isEqualTo(new AwsSecretsSettings("production", "gaara/production/", null));
        assertThat(defaults.secretIdOf(KEY)).isEqualTo("gaara/production/" + KEY);
        assertThat(bundled.secretIdOf(KEY)).isEqualTo("gaara/production/all");
        assertThatThrownBy(() -> AwsSecretsSettings.forEnvironment("prod uction"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
