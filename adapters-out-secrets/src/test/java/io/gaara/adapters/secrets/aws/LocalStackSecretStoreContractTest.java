package io.gaara.adapters.secrets.aws;

import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SecretStore contract on LocalStack, a second emulator, where Docker runs (skipped where it does not: moto_server
 * covers those machines). The image is pinned: newer LocalStack images may ask for an account token.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSecretStoreContractTest extends AwsSecretStoreContractSupport {
    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(
                    DockerImageName.parse("localstack/localstack:3.8.1"))
            .withServices(
                    LocalStackContainer.EnabledService.named("secretsmanager"),
                    LocalStackContainer.EnabledService.named("kms"));

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B localstack(B builder) {
        return AwsSecretsClients.configure(
                builder,
                Region.of(LOCALSTACK.getRegion()),
                StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())),
                LOCALSTACK.getEndpoint());
    }

    @Override
    protected SecretsManagerClient newSecretsManagerClient() {
        return localstack(SecretsManagerClient.builder()).build();
    }

    @Override
    protected KmsClient newKmsClient() {
        return localstack(KmsClient.builder()).build();
    }

    @Override
    protected boolean jsonMode() {
        return false;
    }
}
