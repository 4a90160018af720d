package io.gaara.adapters.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.testsupport.CapturedLogs;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The production factory reaches an emulator through the SDK's own endpoint settings
 * ({@code AWS_ENDPOINT_URL_SECRETS_MANAGER} / {@code AWS_ENDPOINT_URL}, here as their system property twins, which the
 * SDK reads the same way) with region and credentials from the default chains.
 */
class AwsSecretsClientsTest {
    private static final String KEY = "GAARA_JWT_SECRET_KEY";

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.perTest("software.amazon.awssdk");

    private final MotoServer moto = MotoServer.shared();
    private final Map<String, String> savedProperties = new HashMap<>();

    private void setProperty(String name, String value) {
        savedProperties.putIfAbsent(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    @AfterEach
    void restoreProperties() {
        savedProperties.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private void defaultChainsPointAtMoto() {
        setProperty("aws.region", MotoServer.REGION.id());
        setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY_ID);
        setProperty("aws.secretAccessKey", MotoServer.SECRET_ACCESS_KEY);
    }

    private AwsSecretsSettings seeded(String value) {
        var settings = AwsSecretsSettings.forEnvironment(Seeding.freshEnvironment());
        try (SecretsManagerClient seeder = moto.secretsManagerClient()) {
            new Seeding(seeder, moto.createKmsKey()).create(settings.prefix() + KEY, value);
        }
        return settings;
    }

    @Test
    void givenServiceSpecificEndpointVariable_whenDefaultClientBuilt_thenItReadsFromThatEndpoint() {
        String value = logs.plant("endpoint-3Sd5Fg7Hj9Kl1Zx3Cv5B");
        var settings = seeded(value);
        defaultChainsPointAtMoto();
        setProperty("aws.endpointUrlSecretsManager", moto.endpoint().toString());

        try (SecretsManagerClient client = AwsSecretsClients.secretsManager()) {
            assertThat(new AwsSecretsManagerSecretStore(client, settings).read(KEY))
                    .map(Secret::value)
                    .contains(value);
        }
    }

    @Test
    void givenGlobalEndpointVariable_whenDefaultClientsBuilt_thenSecretsManagerAndKmsUseIt() {
        String value = logs.plant("global-6Yu8Io0Pa2Sd4Fg6Hj8Kl0");
        var settings = seeded(value);
        defaultChainsPointAtMoto();
        setProperty("aws.endpointUrl", moto.endpoint().toString());

        try (SecretsManagerClient client = AwsSecretsClients.secretsManager();
                KmsClient kms = AwsSecretsClients.kms()) {
            assertThat(new AwsSecretsManagerSecretStore(client, settings).read(KEY))
                    .map(Secret::value)
                    .contains(value);
            String keyId = kms.createKey(r -> r.description("via AWS_ENDPOINT_URL"))
                    .keyMetadata()
                    .keyId();
            assertThat(new AwsSecretsManagerAdministration(client, settings, keyId).verifyKmsKey(kms))
                    .endsWith(keyId);
        }
    }
}
