package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Vault's error texts on one log line. The texts are Vault's own: Go's multierror format as Vault 1.17+ answers a dead
 * token ("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n", vault/request_handling.go with
 * hashicorp/go-multierror), and a policy denial ("1 error occurred:\n\t* permission denied\n\n").
 */
class VaultErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenMultiErrorText_whenFlattened_thenOneLineWithTheItemsJoined() {
        assertThat(VaultErrors.oneLine("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n"))
                .isEqualTo("permission denied; invalid token");
        assertThat(VaultErrors.oneLine("1 error occurred:\n\t* permission denied\n\n"))
                .isEqualTo("permission denied");
    }

    @Test
    void givenPlainOrHostileText_whenFlattened_thenNoLineBreakOrControlCharacterSurvives() {
        assertThat(VaultErrors.oneLine("Vault is sealed")).isEqualTo("Vault is sealed");
        assertThat(VaultErrors.oneLine("bad\r\nINFO forged line\u0085and\u2028more\u0007"))
                .doesNotContainPattern("[\\r\\n\\u0085\\u2028\\u0007]")
                .contains("forged line");
    }

    @Test
    void givenErrorsArray_whenRead_thenEveryEntryOnOneLine() throws Exception {
        var body = JSON.readTree("{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\",\"other\"]}");

        assertThat(VaultErrors.of(body)).isEqualTo("permission denied; other");
        assertThat(VaultErrors.of(JSON.readTree("{\"errors\":[]}"))).isEmpty();
        assertThat(VaultErrors.of(null)).isEmpty();
    }

    @Test
    void givenDeadTokenOrPolicyDenial_whenAsked_thenOnlyTheDeadTokenSaysInvalidToken() {
        assertThat(VaultErrors.saysInvalidToken(
                        VaultErrors.oneLine("2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n")))
                .isTrue();
        assertThat(VaultErrors.saysInvalidToken("permission denied")).isFalse();
    }
}
