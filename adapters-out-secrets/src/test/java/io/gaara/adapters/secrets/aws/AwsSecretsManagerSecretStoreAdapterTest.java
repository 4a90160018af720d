package io.gaara.adapters.secrets.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.CapturedLogs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What the contract does not cover: failures, deletion, binary and JSON oddities, the pending stage, and that no value
 * is ever logged.
 */
class AwsSecretsManagerSecretStoreAdapterTest {
    private static final String KEY = "GAARA_JWT_SECRET_KEY";

    @RegisterExtension
    final CapturedLogs logs = CapturedLogs.perTest("software.amazon.awssdk");

    private final MotoServer moto = MotoServer.shared();
    private SecretsManagerClient client;
    private Seeding seeding;
    private AwsSecretsSettings settings;
    private AwsSecretsManagerSecretStore store;

    @BeforeEach
    void seedEnvironment() {
        client = moto.secretsManagerClient();
        seeding = new Seeding(client, moto.createKmsKey());
        settings = AwsSecretsSettings.forEnvironment(Seeding.freshEnvironment());
        store = new AwsSecretsManagerSecretStore(client, settings);
    }

    @AfterEach
    void close() {
        client.close();
    }

    private String secretId(String name) {
        return settings.prefix() + name;
    }

    @Test
    void givenSeededSecret_whenRead_thenAdapterLogsTheReadButNotTheValue() {
        String value = logs.plant("logged-never-8Yq2Lr5Kx0Vb3Nm6Tc9Wd");
        String versionId = seeding.create(secretId(KEY), value);

        Secret secret = store.read(KEY).orElseThrow();

        assertThat(secret.versionId()).isEqualTo(versionId);
        assertThat(secret.value()).isEqualTo(value);
        // the capture works: the read is in it, by name and version (CapturedLogs proves the value is not)
        assertThat(logs.lines()).anyMatch(line -> line.contains(KEY) && line.contains(versionId));
    }

    @Test
    void givenSecretPrefixOverridden_whenRead_thenSecretIdIsPrefixPlusName() {
        String value = logs.plant("prefixed-3Jv7Hs1Qa9Zx5Cb2Nm4Lk");
        seeding.create("custom/place/" + KEY, value);
        var custom = new AwsSecretsManagerSecretStore(
                client,
                AwsSecretsSettings.fromVariables(
                        "production", Map.of(AwsSecretsSettings.PREFIX_VARIABLE, "custom/place/")));

        assertThat(custom.read(KEY)).map(Secret::value).contains(value);
        assertThat(store.read(KEY)).isEmpty();
    }

    @Test
    void givenBackendOnClosedPort_whenRead_thenUnavailableQuicklyAndNotAbsent() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (SecretsManagerClient dead = clientAt(URI.create("http://127.0.0.1:" + closedPort))) {
            var unreachable = new AwsSecretsManagerSecretStore(dead, settings);

            long started = System.nanoTime();
            assertThatThrownBy(() -> unreachable.read(KEY))
                    .isInstanceOf(SecretStoreUnavailableException.class)
                    .hasMessageContaining(secretId(KEY))
                    .hasMessageContaining("SdkClientException");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void givenBackendThatAcceptsButNeverAnswers_whenRead_thenUnavailableWithinTheCallTimeout() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(
                    () -> {
                        while (!silent.isClosed()) {
                            try {
                                held.add(silent.accept());
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "silent-backend");
            acceptor.setDaemon(true);
            acceptor.start();
            try (SecretsManagerClient hanging = clientAt(URI.create("http://127.0.0.1:" + silent.getLocalPort()))) {
                var stalled = new AwsSecretsManagerSecretStore(hanging, settings);

                long started = System.nanoTime();
                assertThatThrownBy(() -> stalled.read(KEY))
                        .isInstanceOf(SecretStoreUnavailableException.class)
                        .hasMessageContaining(secretId(KEY))
                        .hasMessageContaining("Timeout");
                assertThat(Duration.ofNanos(System.nanoTime() - started))
                        .isLessThan(AwsSecretsClients.API_CALL_TIMEOUT.plusSeconds(3));
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void givenAccessDenied_whenRead_thenUnavailableNamingTheErrorCode() {
        WireMockServer wireMock =
                new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wireMock.start();
        try {
            wireMock.stubFor(post("/")
                    .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                    .willReturn(aResponse()
                            .withStatus(400)
                            .withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withHeader("x-amzn-RequestId", "req-42")
                            .withBody("{\"__type\":\"AccessDeniedException\","
                                    + "\"Message\":\"User is not authorized to perform "
                                    + "secretsmanager:GetSecretValue\"}")));
            try (SecretsManagerClient denied = clientAt(URI.create(wireMock.baseUrl()))) {
                assertThatThrownBy(() -> new AwsSecretsManagerSecretStore(denied, settings).read(KEY))
                        .isInstanceOf(SecretStoreUnavailableException.class)
                        .hasMessageContaining(secretId(KEY))
                        .hasMessageContaining("AccessDeniedException (HTTP 400, request id req-42)")
                        // built from the error code, not by passing the service's words through
                        .hasMessageNotContaining("not authorized");
            }
        } finally {
            wireMock.stop();
        }
    }

    @Test
    void givenBinarySecret_whenRead_thenConfigurationErrorNamingTheSecretNotItsBytes() {
        client.createSecret(
                r -> r.name(secretId(KEY)).secretBinary(SdkBytes.fromUtf8String(logs.plant("binary-4Fh8Rt2Yu6Io0Pa"))));

        assertThatThrownBy(() -> store.read(KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(secretId(KEY))
                .hasMessageContaining("binary")
                .hasMessageNotContaining("binary-4Fh8Rt2Yu6Io0Pa");
    }

    @Test
    void givenSecretScheduledForDeletion_whenRead_thenAbsent() {
        seeding.create(secretId(KEY), logs.plant("deleted-1Qw3Er5Ty7Ui9Op2As"));
        client.deleteSecret(r -> r.secretId(secretId(KEY)).recoveryWindowInDays(7L));

        assertThat(store.read(KEY)).isEmpty();
        assertThat(store.readAccepted(KEY)).isEmpty();
    }

    @Test
    void givenSecretDeletedWithoutRecovery_whenRead_thenAbsent() {
        seeding.create(secretId(KEY), logs.plant("gone-6Gh8Jk0Lz2Xc4Vb6Nm8Qw"));
        client.deleteSecret(r -> r.secretId(secretId(KEY)).forceDeleteWithoutRecovery(true));

        assertThat(store.read(KEY)).isEmpty();
    }

    @Test
    void givenPendingVersion_whenRead_thenOnlyThePendingStageSeesIt() {
        String current = logs.plant("current-2Ws4Ed6Rf8Tg0Yh2Uj4Ik");
        String pending = logs.plant("pending-9Ol7Ik5Uj3Yh1Tg9Rf7Ed");
        String currentVersion = seeding.create(secretId(KEY), current);
        String pendingVersion = seeding.stagePending(secretId(KEY), pending);

        assertThat(store.read(KEY)).map(Secret::versionId).contains(currentVersion);
        assertThat(store.readStage(KEY, SecretStage.PENDING))
                .map(Secret::versionId)
                .contains(pendingVersion);
        assertThat(store.readStage(KEY, SecretStage.PENDING)).map(Secret::value).contains(pending);
        // staged is not yet accepted: tokens are never signed or verified with an unchecked key
        assertThat(store.readAccepted(KEY)).extracting(Secret::versionId).containsExactly(currentVersion);
    }

    @Test
    void givenRotationThatLeftThePendingLabelOnTheNewCurrent_whenPendingRead_thenEmpty() {
        seeding.create(secretId(KEY), logs.plant("old-5Rt7Yu9Io1Pa3Sd5Fg7Hj"));
        // the staging protocol alone leaves AWSPENDING on the promoted version (in moto as in AWS)
        seeding.rotate(secretId(KEY), logs.plant("new-8Kl0Zx2Cv4Bn6Mq8We0Rt"));

        assertThat(store.readStage(KEY, SecretStage.PENDING)).isEmpty();
        assertThat(store.read(KEY)).map(Secret::value).contains("new-8Kl0Zx2Cv4Bn6Mq8We0Rt");
    }

    @Test
    void givenJsonSecret_whenNameMissingFromIt_thenAbsent() {
        var json = jsonStore();
        seeding.create(settings.jsonSecretId(), "{\"OTHER_KEY\":\"" + logs.plant("other-3Ed5Rf7Tg9Yh1Uj3Ik") + "\"}");

        assertThat(json.read(KEY)).isEmpty();
        assertThat(json.read("OTHER_KEY"))
                .map(Secret::versionId)
                .hasValueSatisfying(v -> assertThat(v).endsWith("#OTHER_KEY"));
    }

    @Test
    void givenJsonSecret_whenAnotherNameInItIsWrittenTwice_thenThisNamesVersionIdAndSoItsKidStayTheSame() {
        var json = jsonStore();
        String key = logs.plant("jwt-key-9Ol7Ik5Uj3Yh1Tg9Rf7Ed5Ws3Qa");
        seeding.create(settings.jsonSecretId(), "{\"" + KEY + "\":\"" + key + "\"}");
        String before = json.read(KEY).orElseThrow().versionId();

        seeding.rotateEntry(settings.jsonSecretId(), "DATABASE_URL", logs.plant("postgresql://a:one@db/g"));
        seeding.rotateEntry(settings.jsonSecretId(), "DATABASE_URL", logs.plant("postgresql://a:two@db/g"));

        // the kid of a JWT key: before, any write to the bundle changed it, and two of them logged users out
        assertThat(json.read(KEY).orElseThrow().versionId()).isEqualTo(before);
        assertThat(json.readAccepted(KEY))
                .as("the same key is not listed twice")
                .hasSize(1);

        seeding.rotateEntry(settings.jsonSecretId(), KEY, logs.plant("jwt-key-2Ws4Ed6Rf8Tg0Yh2Uj4Ik6Ol8P"));
        assertThat(json.readAccepted(KEY))
                .extracting(Secret::versionId)
                .as("its own rotation does change it, the previous id still accepted")
                .hasSize(2)
                .element(1)
                .isEqualTo(before);
    }

    @Test
    void givenJsonSecretThatIsNotJson_whenRead_thenConfigurationErrorWithoutItsText() {
        var json = jsonStore();
        String text = logs.plant("not-json-7Yh9Uj1Ik3Ol5Pa");
        seeding.create(settings.jsonSecretId(), text);

        assertThatThrownBy(() -> json.read(KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(settings.jsonSecretId())
                .hasMessageNotContaining(text)
                .hasNoCause();
    }

    @Test
    void givenJsonSecretWithNonStringEntry_whenRead_thenConfigurationErrorNamingTheEntry() {
        var json = jsonStore();
        seeding.create(
                settings.jsonSecretId(),
                "{\"" + KEY + "\":{\"nested\":\"" + logs.plant("nested-0Pl9Ok8Ij7Uh6Yg") + "\"}}");

        assertThatThrownBy(() -> json.read(KEY))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining("object")
                .hasMessageNotContaining("nested-0Pl9Ok8Ij7Uh6Yg");
    }

    @Test
    void givenInvalidCharactersInName_whenRead_thenRejectedRatherThanSentToAws() {
        assertThatThrownBy(() -> store.read("NAME WITH SPACES")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenStore_whenPrinted_thenShowsWhereNotWhat() {
        assertThat(store).hasToString("AwsSecretsManagerSecretStore[prefix=" + settings.prefix() + "]");
        assertThat(store.backendName()).isEqualTo("aws-secrets-manager");
    }

    private AwsSecretsManagerSecretStore jsonStore() {
        settings = settings.withJsonSecretId(settings.prefix() + "bundle");
        return new AwsSecretsManagerSecretStore(client, settings);
    }

    private static SecretsManagerClient clientAt(URI endpoint) {
        return AwsSecretsClients.configure(
                        SecretsManagerClient.builder(), MotoServer.REGION, MotoServer.credentials(), endpoint)
                .build();
    }
}
