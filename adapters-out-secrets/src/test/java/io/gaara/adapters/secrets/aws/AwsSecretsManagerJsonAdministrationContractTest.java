package io.gaara.adapters.secrets.aws;

/** The SecretAdministration contract with every name an entry of one JSON secret, on moto_server. */
class AwsSecretsManagerJsonAdministrationContractTest extends AwsSecretsManagerAdministrationContractTest {
    @Override
    AwsSecretsSettings settings(String environment) {
        return AwsSecretsSettings.forEnvironment(environment).withJsonSecretId("gaara/" + environment + "/bundle");
    }
}
