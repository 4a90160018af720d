package io.gaara.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.adapters.secrets.ValueDigests;
import io.gaara.adapters.secrets.aws.AwsSecretsManagerAdministration;
import io.gaara.adapters.secrets.aws.AwsSecretsSettings;
import io.gaara.adapters.secrets.aws.MotoServer;
import io.gaara.adapters.secrets.vault.VaultDouble;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.SecretRules;
import io.gaara.bootstrap.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The {@code secrets} commands where an edit can race a rotation, where a previous version must be withdrawn after a
 * compromise, and where a version id could give a secret away: on moto (AWS), the Vault double and the environment.
 */
class SecretsCommandsTest {
    /** A guessable database password: the one secret whose digest must never be printed. */
    private static final String DATABASE_URL = "postgresql://gaara:summer2024@db.internal:5432/gaara";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static MotoServer moto;
    private static String kmsKey;

    @BeforeAll
    static void emulator() {
        moto = MotoServer.shared();
        System.setProperty("aws.endpointUrl", moto.endpoint().toString());
        System.setProperty("aws.region", MotoServer.REGION.id());
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_ACCESS_KEY);
        kmsKey = moto.createKmsKey();
    }

    @AfterAll
    static void clear() {
        for (String p : List.of("aws.endpointUrl", "aws.region", "aws.accessKeyId", "aws.secretAccessKey")) {
            System.clearProperty(p);
        }
    }

    private record Run(int code, String output) {}

    private static Map<String, String> development(Map<String, String> more) throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put("ENVIRONMENT", "development");
        config.put("GAARA_DATA_DIR", Files.createTempDirectory("gaara-cli-data").toString());
        config.putAll(more);
        return config;
    }

    private static Run cli(Map<String, String> config, String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = SecretsCommand.run(
                args,
                Files.createTempDirectory("gaara-cli"),
                config,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }

    /** {@code secrets rotate NAME} with {@code beforePromote} run between staging and the re-check. */
    private static Run rotate(Map<String, String> config, String name, Runnable beforePromote) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Settings settings = Settings.from(config);
        try (SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."))) {
            int code = new RotateCommand(backends, out, beforePromote).run(name);
            return new Run(code, bytes.toString(StandardCharsets.UTF_8));
        }
    }

    private static List<Secret> accepted(Map<String, String> config, String name) {
        Settings settings = Settings.from(config);
        try (SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."))) {
            return backends.store().readAccepted(name);
        }
    }

    // --- AWS, one JSON secret holding every name ---

    private static Map<String, String> awsJsonSecret() throws Exception {
        String secretId = "gaara/cli-" + UUID.randomUUID() + "/all";
        Map<String, String> config = development(
                Map.of("GAARA_SECRETS_BACKEND", "aws", AwsSecretsSettings.JSON_SECRET_ID_VARIABLE, secretId));
        var admin = new AwsSecretsManagerAdministration(
                moto.secretsManagerClient(), AwsSecretsSettings.fromVariables("development", config), kmsKey);
        admin.createIfAbsent("JWT_SECRET_KEY", SecretRules.random(48));
        admin.createIfAbsent("JWT_REFRESH_SECRET_KEY", SecretRules.random(48));
        admin.createIfAbsent("DATABASE_URL", DATABASE_URL);
        return config;
    }

    /** What an operator does in the console: a new AWSCURRENT version of the JSON secret with one entry changed. */
    private static void editInConsole(String secretId, String name, String value) {
        SecretsManagerClient client = moto.secretsManagerClient();
        try {
            String text = client.getSecretValue(r -> r.secretId(secretId)).secretString();
            @SuppressWarnings("unchecked")
            Map<String, String> entries = new LinkedHashMap<>(JSON.readValue(text, Map.class));
            entries.put(name, value);
            String edited = JSON.writeValueAsString(entries);
            client.putSecretValue(r -> r.secretId(secretId).secretString(edited));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            client.close();
        }
    }

    @Test
    void givenJsonSecretEditedInTheConsoleBetweenStageAndPromote_whenRotating_thenStopsAndTheEditSurvives()
            throws Exception {
        Map<String, String> config = awsJsonSecret();
        String secretId = config.get(AwsSecretsSettings.JSON_SECRET_ID_VARIABLE);
        String keyBefore = accepted(config, "JWT_SECRET_KEY").get(0).value();
        String editedUrl = "postgresql://gaara:edited-by-hand@db.internal:5432/gaara";

        Run run = rotate(config, "JWT_SECRET_KEY", () -> editInConsole(secretId, "DATABASE_URL", editedUrl));

        assertThat(run.code()).isEqualTo(SecretsCommand.FAILED);
        assertThat(run.output())
                .contains("JWT_SECRET_KEY changed in aws-secrets-manager while rotating")
                .contains("promoting would have undone that edit")
                .contains("taken out of the pending stage");
        assertThat(accepted(config, "DATABASE_URL"))
                .extracting(Secret::value)
                .as("the console edit survives")
                .first()
                .isEqualTo(editedUrl);
        assertThat(accepted(config, "JWT_SECRET_KEY").get(0).value())
                .as("the rotation did not happen")
                .isEqualTo(keyBefore);
        try (SecretsManagerClient client = moto.secretsManagerClient()) {
            assertThat(client.describeSecret(r -> r.secretId(secretId))
                            .versionIdsToStages()
                            .values())
                    .as("nothing left pending")
                    .noneMatch(stages -> stages.contains("AWSPENDING"));
        }

        Run again = rotate(config, "JWT_SECRET_KEY", () -> {});
        assertThat(again.code()).as(again.output()).isEqualTo(SecretsCommand.OK);
        assertThat(accepted(config, "DATABASE_URL").get(0).value()).isEqualTo(editedUrl);
    }

    @Test
    void givenJsonSecret_whenPreviousRetiredAfterRotation_thenOnlyTheNewKeyIsAcceptedAndTheOutputSaysSo()
            throws Exception {
        Map<String, String> config = awsJsonSecret();
        assertThat(cli(config, "secrets", "rotate", "JWT_SECRET_KEY").code()).isEqualTo(SecretsCommand.OK);
        assertThat(accepted(config, "JWT_SECRET_KEY")).hasSize(2);

        Run run = cli(config, "secrets", "retire-previous", "JWT_SECRET_KEY");

        assertThat(run.code()).as(run.output()).isEqualTo(SecretsCommand.OK);
        assertThat(run.output())
                .contains("retired AWSPREVIOUS version")
                .containsPattern("JWT_SECRET_KEY +previous version \\S+ no longer accepted")
                .contains("within 54 min");
        assertThat(accepted(config, "JWT_SECRET_KEY")).hasSize(1);
    }

    @Test
    void givenDatabaseUrlInAJsonSecret_whenChecked_thenNoDigestOfItIsPrinted() throws Exception {
        Map<String, String> config = awsJsonSecret();

        Run run = cli(config, "secrets", "check");

        assertThat(run.output()).contains("DATABASE_URL").contains("present, version local:");
        assertThat(ValueDigests.of(DATABASE_URL)).noneMatch(run.output()::contains);
    }

    // --- the environment and .env ---

    @Test
    void givenDatabaseUrlInTheEnvironment_whenChecked_thenNoDigestOfItIsPrinted() throws Exception {
        Map<String, String> config = development(Map.of(
                "GAARA_SECRETS_BACKEND",
                "env",
                "DATABASE_URL",
                DATABASE_URL,
                "JWT_SECRET_KEY",
                SecretRules.random(48),
                "JWT_REFRESH_SECRET_KEY",
                SecretRules.random(48)));

        Run run = cli(config, "secrets", "check");

        assertThat(run.code()).isEqualTo(SecretsCommand.OK);
        assertThat(run.output())
                .contains("DATABASE_URL")
                .contains("present, version local:")
                .containsPattern("JWT_SECRET_KEY +present, version local:[0-9a-f]{16}, kid sha256:[0-9a-f]{16}");
        assertThat(ValueDigests.of(DATABASE_URL)).noneMatch(run.output()::contains);
    }

    @Test
    void givenEnvironmentBackend_whenPreviousRetired_thenToldThereIsNoneAndToRestart() throws Exception {
        Map<String, String> config = development(Map.of("GAARA_SECRETS_BACKEND", "env"));

        Run run = cli(config, "secrets", "retire-previous", "JWT_SECRET_KEY");

        assertThat(run.code()).isEqualTo(SecretsCommand.OK);
        assertThat(run.output()).contains("keeps no previous version").contains("restart every instance");
    }

    // --- Vault KV v2: a written version is live at once ---

    private static Map<String, String> vault(VaultDouble vault, String prefix) throws Exception {
        return development(Map.of(
                "GAARA_SECRETS_BACKEND",
                "vault",
                "VAULT_ADDR",
                vault.address(),
                "GAARA_VAULT_AUTH",
                "token",
                "VAULT_TOKEN",
                vault.rootToken(),
                "GAARA_VAULT_PATH_PREFIX",
                prefix));
    }

    @Test
    void givenVault_whenAnotherVersionIsWrittenDuringTheRotation_thenTheMessageSaysOursWentLiveAndNothingWasUndone()
            throws Exception {
        try (VaultDouble vault = VaultDouble.start()) {
            String prefix = "gaara/cli-" + UUID.randomUUID();
            Map<String, String> config = vault(vault, prefix);
            assertThat(cli(config, "secrets", "init").code()).isEqualTo(SecretsCommand.OK);

            Run run = rotate(
                    config,
                    "JWT_SECRET_KEY",
                    () -> vault.write("secret", prefix + "/JWT_SECRET_KEY", Map.of("value", SecretRules.random(48))));

            assertThat(run.code()).isEqualTo(SecretsCommand.FAILED);
            assertThat(run.output())
                    .contains("version vault-kv-v2-JWT_SECRET_KEY of JWT_SECRET_KEY went live when it was written")
                    .contains("vault has no pending stage")
                    .contains("vault-kv-v3-JWT_SECRET_KEY")
                    .contains("Nothing was undone")
                    .doesNotContain("taken out of the pending stage");
        }
    }

    @Test
    void givenVault_whenRotatedThenPreviousRetired_thenMessagesAreTruthfulAndOnlyTheNewVersionIsAccepted()
            throws Exception {
        try (VaultDouble vault = VaultDouble.start()) {
            Map<String, String> config = vault(vault, "gaara/cli-" + UUID.randomUUID());
            assertThat(cli(config, "secrets", "init").code()).isEqualTo(SecretsCommand.OK);

            Run rotated = cli(config, "secrets", "rotate", "JWT_SECRET_KEY");
            assertThat(rotated.code()).as(rotated.output()).isEqualTo(SecretsCommand.OK);
            assertThat(rotated.output()).contains("live since it was written: vault has no pending stage");
            assertThat(accepted(config, "JWT_SECRET_KEY")).hasSize(2);

            Run retired = cli(config, "secrets", "retire-previous", "JWT_SECRET_KEY");

            assertThat(retired.code()).as(retired.output()).isEqualTo(SecretsCommand.OK);
            assertThat(retired.output())
                    .contains("retired vault-kv-v1-JWT_SECRET_KEY")
                    .contains("soft-deleted")
                    .containsPattern("JWT_SECRET_KEY +previous version vault-kv-v1-JWT_SECRET_KEY no longer accepted");
            assertThat(accepted(config, "JWT_SECRET_KEY"))
                    .extracting(Secret::versionId)
                    .containsExactly("vault-kv-v2-JWT_SECRET_KEY");
        }
    }
}
