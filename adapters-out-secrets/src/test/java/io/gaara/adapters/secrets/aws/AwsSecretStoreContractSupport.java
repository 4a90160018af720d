package io.gaara.adapters.secrets.aws;

import io.gaara.application.contract.secrets.WithdrawableSecretStoreContract;
import io.gaara.application.port.out.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The versioned contract on a Secrets Manager emulator: each store gets an environment of its own, seeded under a KMS
 * key created in the emulator, and rotates by the staging protocol; a withdrawal is a deletion with a recovery window.
 */
abstract class AwsSecretStoreContractSupport extends WithdrawableSecretStoreContract {
    private final List<AutoCloseable> clients = new ArrayList<>();
    private SecretsManagerClient secrets;
    private Seeding seeding;
    private AwsSecretsSettings settings;

    protected abstract SecretsManagerClient newSecretsManagerClient();

    protected abstract KmsClient newKmsClient();

    /** Per-name secrets, or one JSON secret for every name. */
    protected abstract boolean jsonMode();

    @Override
    protected SecretStore storeWith(Map<String, String> values) {
        secrets = newSecretsManagerClient();
        clients.add(secrets);
        String keyId;
        try (KmsClient kms = newKmsClient()) {
            keyId = kms.createKey(r -> r.description("gaara contract"))
                    .keyMetadata()
                    .keyId();
        }
        seeding = new Seeding(secrets, keyId);
        String environment = Seeding.freshEnvironment();
        settings = AwsSecretsSettings.forEnvironment(environment);
        if (jsonMode()) {
            settings = settings.withJsonSecretId("gaara/" + environment + "/bundle");
        }
        seeding.seed(settings, values);
        return new AwsSecretsManagerSecretStore(secrets, settings);
    }

    @Override
    protected void rotate(SecretStore store, String name, String newValue) {
        if (jsonMode()) {
            seeding.rotateEntry(settings.jsonSecretId(), name, newValue);
        } else {
            seeding.rotate(settings.prefix() + name, newValue);
        }
    }

    /** An operator deleting the secret with a recovery window: scheduled for deletion (the bundle, in JSON mode). */
    @Override
    protected void withdraw(SecretStore store, String name) {
        secrets.deleteSecret(r -> r.secretId(settings.secretIdOf(name)).recoveryWindowInDays(7L));
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
    }
}
