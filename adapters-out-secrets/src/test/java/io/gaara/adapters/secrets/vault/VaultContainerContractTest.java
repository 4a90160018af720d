package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.contract.secrets.VersionedSecretStoreContract;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.support.Versioned.Version;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

/**
 * The same contract against a real Vault in dev mode ({@code hashicorp/vault}, KV v2 at {@code secret/}), where Docker
 * exists; it keeps the double honest. Seeding and rotation go through {@link VaultAdministration}, so its check-and-set
 * writes meet a real Vault too.
 */
@Testcontainers(disabledWithoutDocker = true)
class VaultContainerContractTest extends VersionedSecretStoreContract {
    private static final String ROOT_TOKEN = "gaara-root-" + UUID.randomUUID();
    private static final AtomicInteger RUN = new AtomicInteger();

    @Container
    static final VaultContainer<?> VAULT = new VaultContainer<>("hashicorp/vault:1.18").withVaultToken(ROOT_TOKEN);

    private final List<VaultConnection> connections = new ArrayList<>();
    private final Map<SecretStore, VaultConnection> owners = new IdentityHashMap<>();

    @AfterEach
    void closeConnections() {
        connections.forEach(VaultConnection::close);
    }

    private VaultConnection connect(String prefix, VaultSettings.Auth auth) {
        VaultConnection connection = VaultConnection.open(new VaultSettings(
                URI.create(VAULT.getHttpHostAddress()),
                null,
                auth,
                "secret",
                prefix,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                null));
        connections.add(connection);
        return connection;
    }

    @Override
    protected SecretStore storeWith(Map<String, String> secrets) {
        VaultConnection connection =
                connect("gaara/container-" + RUN.incrementAndGet(), new VaultSettings.TokenAuth(ROOT_TOKEN));
        secrets.forEach((name, value) -> assertThat(connection.administration().createIfAbsent(name, value))
                .isTrue());
        owners.put(connection.secretStore(), connection);
        return connection.secretStore();
    }

    @Override
    protected void rotate(SecretStore store, String name, String newValue) {
        var admin = owners.get(store).administration();
        admin.promotePending(name, admin.stagePending(name, newValue));
    }

    @Test
    void givenSoftDeletedPreviousVersion_whenAcceptedRead_thenOnlyCurrent() {
        SecretStore store = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));
        rotate(store, SIGNING_KEY, ROTATED_VALUE);
        String prefix = owners.get(store).settings().pathPrefix();
        VaultTemplate root = new VaultTemplate(
                VaultEndpoint.from(URI.create(VAULT.getHttpHostAddress())), new TokenAuthentication(ROOT_TOKEN));
        root.opsForVersionedKeyValue("secret").delete(prefix + "/" + SIGNING_KEY, Version.from(1));

        assertThat(store.readAccepted(SIGNING_KEY)).extracting(Secret::value).containsExactly(ROTATED_VALUE);
    }

    @Test
    void givenAppRoleWithReadPolicy_whenRead_thenLoggedInAndRead() {
        SecretStore seeded = storeWith(Map.of(SIGNING_KEY, SIGNING_KEY_VALUE));
        String prefix = owners.get(seeded).settings().pathPrefix();
        VaultTemplate root = new VaultTemplate(
                VaultEndpoint.from(URI.create(VAULT.getHttpHostAddress())), new TokenAuthentication(ROOT_TOKEN));
        if (!root.opsForSys().getAuthMounts().containsKey("approle/")) {
            root.write("sys/auth/approle", Map.of("type", "approle"));
        }
        root.write(
                "sys/policies/acl/gaara-read",
                Map.of("policy", "path \"secret/data/" + prefix + "/*\" { capabilities = [\"read\"] }"));
        root.write("auth/approle/role/gaara", Map.of("token_policies", "gaara-read", "token_ttl", "1h"));
        String roleId = (String)
                root.read("auth/approle/role/gaara/role-id").getRequiredData().get("role_id");
        String secretId = (String) root.write("auth/approle/role/gaara/secret-id", Map.of())
                .getRequiredData()
                .get("secret_id");

        VaultConnection connection = connect(prefix, new VaultSettings.AppRoleAuth("approle", roleId, secretId));

        assertThat(connection.secretStore().read(SIGNING_KEY))
                .map(Secret::value)
                .contains(SIGNING_KEY_VALUE);
        assertThat(connection.secretStore().read("GAARA_CONTRACT_NEVER_STORED")).isEmpty();
    }
}
