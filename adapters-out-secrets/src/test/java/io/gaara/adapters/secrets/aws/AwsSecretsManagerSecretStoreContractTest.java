package io.gaara.adapters.secrets.aws;

import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** The SecretStore contract, one secret per name, on moto_server. */
class AwsSecretsManagerSecretStoreContractTest extends AwsSecretStoreContractSupport {
    @Override
    protected SecretsManagerClient newSecretsManagerClient() {
        return MotoServer.shared().secretsManagerClient();
    }

    @Override
    protected KmsClient newKmsClient() {
        return MotoServer.shared().kmsClient();
    }

    @Override
    protected boolean jsonMode() {
        return false;
    }
}
