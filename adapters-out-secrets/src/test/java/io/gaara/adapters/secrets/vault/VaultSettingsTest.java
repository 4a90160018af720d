package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.adapters.secrets.vault.VaultSettings.AppRoleAuth;
import io.gaara.adapters.secrets.vault.VaultSettings.KubernetesAuth;
import io.gaara.adapters.secrets.vault.VaultSettings.TokenAuth;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VaultSettingsTest {
    private static final String TOKEN = "hvs.CAESIJ-token-that-must-not-print";
    private static final String ROLE_ID = "6f2f1c3e-role-id";
    private static final String SECRET_ID = "b1946ac9-secret-id-that-must-not-print";

    @Test
    void givenAddressAndToken_whenRead_thenDefaultsApply() {
        VaultSettings settings = VaultSettings.fromConfig(
                Map.of("VAULT_ADDR", "https://vault.internal:8200/", "VAULT_TOKEN", TOKEN), "production");

        assertThat(settings.address()).hasToString("https://vault.internal:8200");
        assertThat(settings.auth()).isEqualTo(new TokenAuth(TOKEN));
        assertThat(settings.kvMount()).isEqualTo("secret");
        assertThat(settings.pathPrefix()).isEqualTo("gaara/production");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.namespace()).isNull();
        assertThat(settings.caCertificate()).isNull();
    }

    @Test
    void givenAppRoleAndEverySetting_whenRead_thenAllTaken() {
        VaultSettings settings = VaultSettings.fromConfig(
                Map.of(
                        "VAULT_ADDR", "http://127.0.0.1:8200",
                        "GAARA_VAULT_AUTH", "AppRole",
                        "VAULT_ROLE_ID", ROLE_ID,
                        "VAULT_SECRET_ID", SECRET_ID,
                        "GAARA_VAULT_APPROLE_MOUNT", "approle-gaara",
                        "VAULT_NAMESPACE", "team-a",
                        "GAARA_VAULT_KV_MOUNT", "/kv/",
                        "GAARA_VAULT_PATH_PREFIX", "apps/gaara/prod/",
                        "GAARA_VAULT_CONNECT_TIMEOUT", "500ms",
                        "GAARA_VAULT_READ_TIMEOUT", "PT3S"),
                "production");

        assertThat(settings.auth()).isEqualTo(new AppRoleAuth("approle-gaara", ROLE_ID, SECRET_ID));
        assertThat(settings.namespace()).isEqualTo("team-a");
        assertThat(settings.kvMount()).isEqualTo("kv");
        assertThat(settings.pathPrefix()).isEqualTo("apps/gaara/prod");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void givenKubernetes_whenRead_thenServiceAccountTokenFileByDefault() {
        VaultSettings settings = VaultSettings.fromConfig(
                Map.of(
                        "VAULT_ADDR",
                        "https://vault:8200",
                        "GAARA_VAULT_AUTH",
                        "kubernetes",
                        "GAARA_VAULT_KUBERNETES_ROLE",
                        "gaara"),
                "staging");

        assertThat(settings.auth())
                .isEqualTo(new KubernetesAuth(
                        "kubernetes", "gaara", Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")));
        assertThat(settings.pathPrefix()).isEqualTo("gaara/staging");
    }

    @Test
    void givenSecretIdFile_whenRead_thenTheFileIsTakenAndNeverBothOrNeither() {
        Map<String, String> base =
                Map.of("VAULT_ADDR", "https://vault:8200", "GAARA_VAULT_AUTH", "approle", "VAULT_ROLE_ID", ROLE_ID);
        Map<String, String> withFile = new HashMap<>(base);
        withFile.put("GAARA_VAULT_SECRET_ID_FILE", "/run/gaara/secret-id");

        VaultSettings settings = VaultSettings.fromConfig(withFile, "production");

        assertThat(settings.auth()).isInstanceOfSatisfying(AppRoleAuth.class, auth -> {
            assertThat(auth.secretIdFile()).isEqualTo(Path.of("/run/gaara/secret-id"));
            assertThat(auth.secretId()).isNull();
        });
        Map<String, String> both = new HashMap<>(withFile);
        both.put("VAULT_SECRET_ID", SECRET_ID);
        assertThatThrownBy(() -> VaultSettings.fromConfig(both, "production"))
                .hasMessageContaining("VAULT_SECRET_ID")
                .hasMessageContaining("GAARA_VAULT_SECRET_ID_FILE")
                .hasMessageNotContaining(SECRET_ID);
        assertThatThrownBy(() -> VaultSettings.fromConfig(base, "production"))
                .hasMessageContaining("GAARA_VAULT_SECRET_ID_FILE");
    }

    @Test
    void givenMissingOrWrongValues_whenRead_thenTheMessageNamesTheVariable() {
        assertThatThrownBy(() -> VaultSettings.fromConfig(Map.of("VAULT_TOKEN", TOKEN), "production"))
                .hasMessageContaining("VAULT_ADDR");
        assertThatThrownBy(() -> VaultSettings.fromConfig(Map.of("VAULT_ADDR", "https://vault:8200"), "production"))
                .hasMessageContaining("VAULT_TOKEN");
        assertThatThrownBy(() -> VaultSettings.fromConfig(
                        Map.of("VAULT_ADDR", "https://vault:8200", "GAARA_VAULT_AUTH", "ldap"), "production"))
                .hasMessageContaining("GAARA_VAULT_AUTH")
                .hasMessageContaining("token, approle, kubernetes");
        assertThatThrownBy(() -> VaultSettings.fromConfig(
                        Map.of(
                                "VAULT_ADDR",
                                "https://vault:8200",
                                "GAARA_VAULT_AUTH",
                                "approle",
                                "VAULT_ROLE_ID",
                                ROLE_ID),
                        "production"))
                .hasMessageContaining("VAULT_SECRET_ID");
        assertThatThrownBy(() -> VaultSettings.fromConfig(
                        Map.of("VAULT_ADDR", "vault:8200", "VAULT_TOKEN", TOKEN), "production"))
                .hasMessageContaining("VAULT_ADDR");
        assertThatThrownBy(() -> VaultSettings.fromConfig(
                        Map.of(
                                "VAULT_ADDR",
                                "https://vault:8200",
                                "VAULT_TOKEN",
                                TOKEN,
                                "GAARA_VAULT_READ_TIMEOUT",
                                "soon"),
                        "production"))
                .hasMessageContaining("GAARA_VAULT_READ_TIMEOUT");
        assertThatThrownBy(() -> VaultSettings.fromConfig(
                        Map.of(
                                "VAULT_ADDR",
                                "https://vault:8200",
                                "VAULT_TOKEN",
                                TOKEN,
                                "GAARA_VAULT_PATH_PREFIX",
                                "gaara/../other"),
                        "production"))
                .hasMessageContaining("GAARA_VAULT_PATH_PREFIX");
    }

    @Test
    void givenCredentials_whenPrinted_thenNoneAppears() {
        VaultSettings token = VaultSettings.fromConfig(
                Map.of("VAULT_ADDR", "https://vault:8200", "VAULT_TOKEN", TOKEN), "production");
        VaultSettings appRole = token.withAuth(new AppRoleAuth("approle", ROLE_ID, SECRET_ID));

        for (Object printed : new Object[] {token, token.auth(), appRole, appRole.auth()}) {
            assertThat(printed.toString())
                    .doesNotContain(TOKEN)
                    .doesNotContain(SECRET_ID)
                    .doesNotContain(ROLE_ID);
        }
        assertThat(appRole.toString()).contains("approle").contains("https://vault:8200");
    }
}
