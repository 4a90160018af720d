package io.gaara.adapters.secrets.vault;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Vault store adds to the contract: deleted versions, Vault's failures, names and fields, namespaces. */
class VaultSecretStoreBehaviourTest {
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String V1 = "v1-Aq3Zk8vJ1xN0bT4wYc7RmA2hLpE6sUuGd9fKiOj";
    private static final String V2 = "v2-Bq3Zk8vJ1xN0bT4wYc7RmA2hLpE6sUuGd9fKiOj";
    private static final String V3 = "v3-Cq3Zk8vJ1xN0bT4wYc7RmA2hLpE6sUuGd9fKiOj";
    private static final AtomicInteger RUN = new AtomicInteger();

    private VaultDouble vault;
    private String prefix;
    private VaultConnection connection;
    private SecretStore store;

    @BeforeEach
    void start() {
        vault = VaultDouble.start();
        prefix = "gaara/behaviour-" + RUN.incrementAndGet();
        connection = VaultConnection.open(vault.settings(prefix));
        store = connection.secretStore();
    }

    @AfterEach
    void stop() {
        connection.close();
        vault.close();
    }

    private int write(String value) {
        return vault.write("secret", prefix + "/" + NAME, Map.of("value", value));
    }

    @Test
    void givenThreeVersions_whenAcceptedRead_thenLatestAndTheOneBeforeWithKvVersionIds() {
        write(V1);
        write(V2);
        write(V3);

        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(V3, V2);
        assertThat(store.readAccepted(NAME))
                .extracting(Secret::versionId)
                .containsExactly("vault-kv-v3-" + NAME, "vault-kv-v2-" + NAME);
        assertThat(store.readStage(NAME, SecretStage.PREVIOUS))
                .map(Secret::value)
                .contains(V2);
        assertThat(store.readStage(NAME, SecretStage.PENDING)).isEmpty();
    }

    @Test
    void givenSoftDeletedPreviousVersion_whenAcceptedRead_thenOnlyCurrent() {
        write(V1);
        write(V2);
        vault.softDelete("secret", prefix + "/" + NAME, 1);

        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(V2);
        assertThat(store.readStage(NAME, SecretStage.PREVIOUS)).isEmpty();
        assertThat(store.read(NAME)).map(Secret::value).contains(V2);
    }

    @Test
    void givenDestroyedPreviousVersion_whenAcceptedRead_thenOnlyCurrent() {
        write(V1);
        write(V2);
        vault.destroy("secret", prefix + "/" + NAME, 1);

        assertThat(store.readAccepted(NAME)).extracting(Secret::value).containsExactly(V2);
    }

    @Test
    void givenSoftDeletedLatestVersion_whenRead_thenAbsentAsVaultKvGetShowsIt() {
        write(V1);
        write(V2);
        vault.softDelete("secret", prefix + "/" + NAME);

        assertThat(store.read(NAME)).isEmpty();
        assertThat(store.readAccepted(NAME)).isEmpty();
    }

    @Test
    void givenSecretWithoutValueField_whenRead_thenAbsent() {
        vault.write("secret", prefix + "/" + NAME, Map.of("password", V1));

        assertThat(store.read(NAME)).isEmpty();
    }

    @Test
    void givenNameThatWouldLeaveThePrefix_whenRead_thenRejected() {
        for (String name : new String[] {"../other/KEY", "A/B", "KEY?version=1", "", ".."}) {
            assertThatThrownBy(() -> store.read(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void givenSealedVault_whenRead_thenUnavailableWithoutValue_andRecoveredVaultAnswersAgain() {
        write(V1);
        vault.failWith(503);

        assertThatThrownBy(() -> store.read(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining(NAME)
                .hasMessageContaining("503")
                .hasMessageContaining("Vault is sealed")
                .hasMessageNotContaining(V1);
        assertThatThrownBy(() -> store.readAccepted(NAME)).isInstanceOf(SecretStoreUnavailableException.class);
        assertThatThrownBy(() -> store.readStage(NAME, SecretStage.PREVIOUS))
                .isInstanceOf(SecretStoreUnavailableException.class);

        vault.recover();
        assertThat(store.read(NAME)).map(Secret::value).contains(V1);
    }

    @Test
    void givenStoppedVault_whenRead_thenUnavailableNotAbsent() {
        write(V1);
        assertThat(store.read(NAME)).isPresent();
        vault.stop();

        assertThatThrownBy(() -> store.read(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("no answer from Vault")
                .hasMessageNotContaining(V1);
    }

    @Test
    void givenPolicyWithoutThePath_whenRead_thenUnavailableWithPermissionDenied() {
        write(V1);
        vault.deny("secret/data/" + prefix);

        assertThatThrownBy(() -> store.read(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("403")
                .hasMessageContaining("permission denied");
    }

    @Test
    void givenUnknownToken_whenRead_thenUnavailableAndTheTokenIsNotInTheMessage() {
        write(V1);
        String token = vault.createToken(Duration.ofHours(1), Duration.ofHours(1), true);
        vault.revoke(token);
        try (VaultConnection revoked =
                VaultConnection.open(vault.settings(prefix).withAuth(new VaultSettings.TokenAuth(token)))) {
            assertThatThrownBy(() -> revoked.secretStore().read(NAME))
                    .isInstanceOf(SecretStoreUnavailableException.class)
                    .hasMessageContaining("permission denied")
                    .hasMessageNotContaining(token);
        }
    }

    @Test
    void givenSlowVault_whenRead_thenUnavailableAfterTheReadTimeout() {
        write(V1);
        VaultSettings s = vault.settings(prefix);
        VaultSettings impatient = new VaultSettings(
                s.address(),
                null,
                s.auth(),
                s.kvMount(),
                s.pathPrefix(),
                Duration.ofSeconds(1),
                Duration.ofMillis(300),
                null);
        try (VaultConnection slow = VaultConnection.open(impatient)) {
            vault.delay(Duration.ofSeconds(3));
            long started = System.nanoTime();

            assertThatThrownBy(() -> slow.secretStore().read(NAME)).isInstanceOf(SecretStoreUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void givenOtherKvMount_whenRead_thenReadFromThatMount() {
        vault.withKvMount("kv-gaara");
        vault.write("kv-gaara", "apps/gaara/" + NAME, Map.of("value", V2));
        VaultSettings s = vault.settings(prefix);
        try (VaultConnection other = VaultConnection.open(new VaultSettings(
                s.address(), null, s.auth(), "kv-gaara", "apps/gaara", s.connectTimeout(), s.readTimeout(), null))) {
            assertThat(other.secretStore().read(NAME)).map(Secret::value).contains(V2);
        }
    }

    @Test
    void givenMountThatIsNotEnabled_whenRead_thenUnavailableNotAbsent() {
        VaultSettings s = vault.settings(prefix);
        try (VaultConnection other = VaultConnection.open(new VaultSettings(
                s.address(), null, s.auth(), "nope", prefix, s.connectTimeout(), s.readTimeout(), null))) {
            // a 404 saying no engine serves the route is a misconfiguration, not a missing secret
            assertThatThrownBy(() -> other.secretStore().read(NAME))
                    .isInstanceOf(SecretStoreUnavailableException.class)
                    .hasMessageContaining("404")
                    .hasMessageContaining("no handler for route");
        }
    }

    @Test
    void givenAddressThatIsNotVault_whenItAnswers404_thenUnavailableNotAbsent() {
        WireMockServer proxy = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        proxy.start();
        try {
            proxy.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(404).withBody("<html>Not Found</html>")));
            VaultSettings s = vault.settings(prefix);
            try (VaultConnection other = VaultConnection.open(new VaultSettings(
                    URI.create("http://127.0.0.1:" + proxy.port()),
                    null,
                    s.auth(),
                    s.kvMount(),
                    s.pathPrefix(),
                    s.connectTimeout(),
                    s.readTimeout(),
                    null))) {
                assertThatThrownBy(() -> other.secretStore().read(NAME))
                        .isInstanceOf(SecretStoreUnavailableException.class)
                        .hasMessageContaining("not from Vault's API")
                        .hasMessageContaining(VaultSettings.VAULT_ADDR);
            }
        } finally {
            proxy.stop();
        }
    }

    @Test
    void givenNamespace_whenRead_thenEveryRequestCarriesIt() {
        write(V1);
        VaultSettings s = vault.settings(prefix);
        try (VaultConnection namespaced = VaultConnection.open(new VaultSettings(
                s.address(),
                "team-a/gaara",
                s.auth(),
                s.kvMount(),
                s.pathPrefix(),
                s.connectTimeout(),
                s.readTimeout(),
                null))) {
            namespaced.secretStore().readAccepted(NAME);
        }

        assertThat(vault.namespacesSeen()).isNotEmpty().allMatch("team-a/gaara"::equals);
        assertThat(vault.requestsWithoutNamespace())
                .as("every request, the mount check included")
                .isEmpty();
    }

    @Test
    void givenRenewableGivenToken_whenUsed_thenLookedUpAndRenewed_andNotRevokedOnClose() {
        write(V1);
        String token = vault.createToken(Duration.ofSeconds(2), Duration.ofHours(1), true);
        VaultSettings withToken = vault.settings(prefix).withAuth(new VaultSettings.TokenAuth(token));
        try (VaultConnection given = VaultConnection.open(withToken)) {
            assertThat(given.secretStore().read(NAME)).isPresent();
            VaultLoginTest.awaitCalls(vault, "POST", "/v1/auth/token/renew-self", 2);
            assertThat(vault.calls("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
            assertThat(given.secretStore().read(NAME)).isPresent();
        }
        assertThat(vault.calls("POST", "/v1/auth/token/revoke-self")).isZero();
    }
}
