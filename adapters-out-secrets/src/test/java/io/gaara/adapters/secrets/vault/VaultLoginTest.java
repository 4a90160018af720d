package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** AppRole and Kubernetes logins, token renewal and re-login, and what close() leaves behind. */
class VaultLoginTest {
    private static final String PREFIX = "gaara/production";
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String VALUE = "Zr8Tq1Wx4Yb7Nc0Vm3Lk6Jh9Gf2Ds5Ap8Oi1Uy4Et7R";
    private static final String ROLE_ID = "gaara-role-" + UUID.randomUUID();
    private static final String SECRET_ID = "secret-id-" + UUID.randomUUID();
    private static final String K8S_JWT =
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQ6Z2FhcmEifQ.c2ln";

    private VaultDouble vault;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        vault = VaultDouble.start().withAppRole(ROLE_ID, SECRET_ID).withKubernetesRole("gaara", K8S_JWT);
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    static void awaitCalls(VaultDouble vault, String method, String path, int atLeast) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> vault.calls(method, path) >= atLeast);
    }

    private VaultSettings appRole(String secretId) {
        return vault.settings(PREFIX).withAuth(new VaultSettings.AppRoleAuth("approle", ROLE_ID, secretId));
    }

    @Test
    void givenAppRole_whenRead_thenLoggedInOnceAndTheIssuedTokenIsUsed() {
        try (VaultConnection connection = VaultConnection.open(appRole(SECRET_ID))) {
            assertThat(connection.secretStore().read(NAME)).map(Secret::value).contains(VALUE);
            assertThat(connection.secretStore().readAccepted(NAME)).hasSize(1);
        }

        assertThat(vault.calls("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(vault.tokensSeen())
                .isNotEmpty()
                .doesNotContain(vault.rootToken())
                .allMatch(t -> t.startsWith("hvs."));
        assertThat(vault.tokensSeen().stream().distinct()).hasSize(1);
    }

    @Test
    void givenAppRoleAtAnotherMount_whenRead_thenThatMountIsUsed() {
        vault.withAppRoleMount("approle-gaara");
        VaultSettings settings =
                vault.settings(PREFIX).withAuth(new VaultSettings.AppRoleAuth("approle-gaara", ROLE_ID, SECRET_ID));
        try (VaultConnection connection = VaultConnection.open(settings)) {
            assertThat(connection.secretStore().read(NAME)).isPresent();
        }
        assertThat(vault.calls("POST", "/v1/auth/approle-gaara/login")).isEqualTo(1);
    }

    @Test
    void givenWrongSecretId_whenRead_thenUnavailableSayingLoginFailed_withoutTheSecretId() {
        String wrong = "wrong-" + UUID.randomUUID();
        try (VaultConnection connection = VaultConnection.open(appRole(wrong))) {
            assertThatThrownBy(() -> connection.secretStore().read(NAME))
                    .isInstanceOf(SecretStoreUnavailableException.class)
                    .hasMessageContaining("AppRole")
                    .hasMessageContaining("invalid role or secret ID")
                    .hasMessageNotContaining(wrong)
                    .hasMessageNotContaining(ROLE_ID)
                    .hasMessageNotContaining(VALUE);
        }
    }

    @Test
    void givenKubernetesServiceAccountToken_whenRead_thenLoggedInWithIt() throws Exception {
        Path jwt = Files.writeString(dir.resolve("token"), K8S_JWT + "\n");
        VaultSettings settings =
                vault.settings(PREFIX).withAuth(new VaultSettings.KubernetesAuth("kubernetes", "gaara", jwt));
        try (VaultConnection connection = VaultConnection.open(settings)) {
            assertThat(connection.secretStore().read(NAME)).map(Secret::value).contains(VALUE);
        }
        assertThat(vault.calls("POST", "/v1/auth/kubernetes/login")).isEqualTo(1);
        assertThat(vault.tokensSeen()).doesNotContain(vault.rootToken()).isNotEmpty();
    }

    @Test
    void givenRejectedServiceAccountToken_whenRead_thenUnavailableWithoutTheJwt() throws Exception {
        String other = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzb21lb25lLWVsc2UifQ.b3RoZXI";
        Path jwt = Files.writeString(dir.resolve("token"), other);
        VaultSettings settings =
                vault.settings(PREFIX).withAuth(new VaultSettings.KubernetesAuth("kubernetes", "gaara", jwt));
        try (VaultConnection connection = VaultConnection.open(settings)) {
            assertThatThrownBy(() -> connection.secretStore().read(NAME))
                    .isInstanceOf(SecretStoreUnavailableException.class)
                    .hasMessageContaining("permission denied")
                    .hasMessageNotContaining(other);
        }
    }

    @Test
    void givenMissingServiceAccountTokenFile_whenOpened_thenFailsNamingTheVariable() {
        VaultSettings settings = vault.settings(PREFIX)
                .withAuth(new VaultSettings.KubernetesAuth("kubernetes", "gaara", dir.resolve("absent")));

        assertThatThrownBy(() -> VaultConnection.open(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(VaultSettings.KUBERNETES_JWT_FILE);
    }

    @Test
    void givenShortLivedLoginToken_whenTimePasses_thenRenewedInTheBackgroundAndStillUsable() {
        vault.withLoginTokenTtl(Duration.ofSeconds(2), Duration.ofHours(1));
        try (VaultConnection connection = VaultConnection.open(appRole(SECRET_ID))) {
            assertThat(connection.secretStore().read(NAME)).isPresent();

            awaitCalls(vault, "POST", "/v1/auth/token/renew-self", 3);

            // renewed, not replaced: still the one login, and the token outlived its first 2 s
            assertThat(connection.secretStore().read(NAME)).map(Secret::value).contains(VALUE);
            assertThat(vault.calls("POST", "/v1/auth/approle/login")).isEqualTo(1);
        }
    }

    @Test
    void givenLoginTokenAtItsMaxTtl_whenRenewalCannotExtendIt_thenLoggedInAgain() {
        vault.withLoginTokenTtl(Duration.ofSeconds(2), Duration.ofSeconds(3));
        try (VaultConnection connection = VaultConnection.open(appRole(SECRET_ID))) {
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(connection.secretStore().read(NAME)).isPresent();
                        return vault.calls("POST", "/v1/auth/approle/login") >= 2;
                    });
        }
    }

    @Test
    void givenLoginTokenRevokedByAnOperator_whenRenewalIsRefused_thenLoggedInAgain() {
        vault.withLoginTokenTtl(Duration.ofSeconds(2), Duration.ofHours(1));
        try (VaultConnection connection = VaultConnection.open(appRole(SECRET_ID))) {
            connection.secretStore().read(NAME);
            vault.tokensSeen().forEach(vault::revoke);

            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> connection.secretStore().read(NAME).isPresent());
            assertThat(vault.calls("POST", "/v1/auth/approle/login")).isEqualTo(2);
        }
    }

    @Test
    void givenLoggedInConnection_whenClosed_thenTokenRevokedAndRenewalThreadGone() {
        vault.withLoginTokenTtl(Duration.ofSeconds(30), Duration.ofHours(1));
        VaultConnection connection = VaultConnection.open(appRole(SECRET_ID));
        connection.secretStore().read(NAME);
        assertThat(renewalThreads()).isNotEmpty().allMatch(Thread::isDaemon);

        connection.close();

        assertThat(vault.calls("POST", "/v1/auth/token/revoke-self")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> renewalThreads().isEmpty());
        assertThatThrownBy(() -> connection.secretStore().read(NAME))
                .isInstanceOf(SecretStoreUnavailableException.class);
    }

    private static List<Thread> renewalThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gaara-vault-token-") && t.isAlive())
                .toList();
    }
}
