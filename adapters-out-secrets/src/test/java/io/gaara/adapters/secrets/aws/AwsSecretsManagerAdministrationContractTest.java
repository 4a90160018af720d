package io.gaara.adapters.secrets.aws;

import io.gaara.application.contract.secrets.SecretAdministrationContract;
import io.gaara.application.port.out.secrets.SecretAdministration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SecretAdministration contract on moto_server, one secret per name: each backend is an environment of its own, its
 * secrets created under a KMS key made for it in the emulator.
 */
class AwsSecretsManagerAdministrationContractTest extends SecretAdministrationContract {
    private final MotoServer moto = MotoServer.shared();
    private final List<SecretsManagerClient> clients = new ArrayList<>();

    /** Where the secrets of {@code environment} are kept. */
    AwsSecretsSettings settings(String environment) {
        return AwsSecretsSettings.forEnvironment(environment);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(client -> client.close());
        clients.clear();
    }

    @Override
    protected Backend emptyBackend() {
        SecretsManagerClient client = keep(moto.secretsManagerClient());
        AwsSecretsSettings settings = settings(Seeding.freshEnvironment());
        return new Backend(
                new AwsSecretsManagerAdministration(client, settings, moto.createKmsKey()),
                new AwsSecretsManagerSecretStore(client, settings));
    }

    /** Secrets Manager on a port nobody listens on. */
    @Override
    protected SecretAdministration unreachableBackend() {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SecretsManagerClient dead = keep(AwsSecretsClients.configure(
                        SecretsManagerClient.builder(),
                        MotoServer.REGION,
                        MotoServer.credentials(),
                        URI.create("http://127.0.0.1:" + closedPort))
                .build());
        return new AwsSecretsManagerAdministration(dead, settings(Seeding.freshEnvironment()), "alias/gaara-contract");
    }

    private SecretsManagerClient keep(SecretsManagerClient client) {
        clients.add(client);
        return client;
    }
}
