package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.CapturedLogs;
import io.gaara.testsupport.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token lifecycle behaviours of issue 15, each on a hand-moved clock shared by the Vault double and the session:
 * what spring-vault's session manager got wrong, driven through Gaara's adapter. The double answers as Vault's API
 * documentation and source say (VaultDouble's comments name them).
 */
class VaultTokenLifecycleTest {
    private static final String PREFIX = "gaara/production";
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String VALUE = "Zr8Tq1Wx4Yb7Nc0Vm3Lk6Jh9Gf2Ds5Ap8Oi1Uy4Et7R";
    private static final String ROLE_ID = "gaara-role-" + UUID.randomUUID();
    private static final String SECRET_ID = "secret-id-" + UUID.randomUUID();
    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final CapturedLogs logs = CapturedLogs.of(VaultSession.class.getName());
    private VaultDouble vault;
    private VaultConnection connection;
    private TokenTimeline time;

    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        vault = VaultDouble.start(clock).withAppRole(ROLE_ID, SECRET_ID);
        vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        vault.close();
        logs.close();
    }

    private VaultConnection open(VaultSettings.Auth auth) {
        connection = VaultConnection.openWithoutBackgroundThread(
                vault.settings(PREFIX).withAuth(auth), clock);
        time = new TokenTimeline(clock, connection);
        return connection;
    }

    private VaultSettings.AppRoleAuth appRole() {
        return new VaultSettings.AppRoleAuth("approle", ROLE_ID, SECRET_ID);
    }

    private String read() {
        return connection.secretStore().read(NAME).map(Secret::value).orElse(null);
    }

    /** Reads every {@code every} for {@code span}; returns how many reads failed. */
    private int readFor(Duration span, Duration every) {
        int failed = 0;
        for (Duration passed = Duration.ZERO; passed.compareTo(span) < 0; passed = passed.plus(every)) {
            try {
                assertThat(read()).isEqualTo(VALUE);
            } catch (SecretStoreUnavailableException e) {
                failed++;
            }
            time.advance(every);
        }
        return failed;
    }

    @Test
    void givenTokenAuthAndVaultSealedAtTheFirstRead_whenItIsUnsealed_thenTheTokenIsRenewedAndOutlivesItsTtl() {
        String token = vault.createToken(HOUR, Duration.ofDays(30), true);
        open(new VaultSettings.TokenAuth(token));
        vault.seal();

        assertThatThrownBy(this::read)
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("sealed");

        vault.unseal();
        time.advance(Duration.ofSeconds(2));
        assertThat(read()).isEqualTo(VALUE);
        // spring-vault kept the token without a TTL after the failed look-up and never renewed it: 403 after an hour
        assertThat(readFor(Duration.ofHours(5), Duration.ofMinutes(5))).isZero();
        assertThat(vault.calls("POST", "/v1/auth/token/renew-self")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void givenAppRoleIssuingBatchTokens_whenDaysPass_thenLoggedInAgainBeforeEachExpiresAndNoReadFails() {
        vault.withLoginTokenType("batch").withLoginTokenTtl(HOUR, HOUR);
        open(appRole());

        assertThat(readFor(Duration.ofDays(3), Duration.ofMinutes(5))).isZero();

        int logins = vault.calls("POST", "/v1/auth/approle/login");
        assertThat(logins).as("a login every 40 minutes").isBetween(100, 112);
        assertThat(vault.calls("POST", "/v1/auth/token/renew-self"))
                .as("a batch token is never renewed")
                .isZero();
        assertThat(vault.tokensSeen()).allMatch(t -> t.startsWith("hvb."));
    }

    @Test
    void givenNonRenewableServiceToken_whenItsRefreshPointPasses_thenLoggedInAgain() {
        vault.withLoginTokenRenewable(false).withLoginTokenTtl(HOUR, HOUR);
        open(appRole());

        assertThat(readFor(Duration.ofHours(6), Duration.ofMinutes(5))).isZero();
        assertThat(vault.calls("POST", "/v1/auth/approle/login")).isBetween(8, 10);
    }

    @Test
    void givenTokenReachingItsMaxTtl_whenRenewalIsCapped_thenLoggedInAgainBeforeItExpires() {
        vault.withLoginTokenTtl(HOUR, Duration.ofHours(3));
        open(appRole());

        assertThat(readFor(Duration.ofDays(1), Duration.ofMinutes(5))).isZero();
        assertThat(vault.calls("POST", "/v1/auth/approle/login"))
                .as("about one login per 3 h")
                .isBetween(8, 13);
        assertThat(vault.calls("POST", "/v1/auth/token/renew-self")).isPositive();
    }

    @Test
    void givenTokenRevokedOnVault117_whenRead_thenLoggedInAgainWithinTheSameRead() {
        vault.withVaultVersion("1.17.0");
        open(appRole());
        assertThat(read()).isEqualTo(VALUE);

        vault.tokensSeen().forEach(vault::revoke);

        assertThat(read()).as("the read that met the revoked token").isEqualTo(VALUE);
        assertThat(vault.calls("POST", "/v1/auth/approle/login")).isEqualTo(2);
        assertThat(vault.calls("GET", "/v1/auth/token/lookup-self"))
                .as("\"invalid token\" is enough, nothing to look up")
                .isZero();
    }

    @Test
    void givenTokenRevokedOnVault116_whenRead_thenTheTokenLooksItselfUpAndIsReplacedWithinTheSameRead() {
        vault.withVaultVersion("1.16.3");
        open(appRole());
        assertThat(read()).isEqualTo(VALUE);

        vault.tokensSeen().forEach(vault::revoke);

        assertThat(read()).isEqualTo(VALUE);
        assertThat(vault.calls("POST", "/v1/auth/approle/login")).isEqualTo(2);
        assertThat(vault.calls("GET", "/v1/auth/token/lookup-self")).isEqualTo(1);
    }

    @Test
    void givenPolicyDenyingAPath_whenRead_thenPermissionDeniedAndNoNewLogin() {
        vault.withVaultVersion("1.16.3").deny("secret/data/" + PREFIX + "/DENIED");
        open(appRole());
        assertThat(read()).isEqualTo(VALUE);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> connection.secretStore().read("DENIED"))
                    .isInstanceOf(SecretStoreUnavailableException.class)
                    .hasMessageContaining("HTTP 403")
                    .hasMessageContaining("permission denied")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        assertThat(vault.calls("POST", "/v1/auth/approle/login")).isEqualTo(1);
        assertThat(vault.calls("GET", "/v1/auth/token/lookup-self"))
                .as("looked up once, then trusted for 10 s")
                .isEqualTo(1);
        assertThat(connection.tokenHealth().state()).isEqualTo("token-valid");
    }

    @Test
    void givenGivenTokenRevoked_whenRead_thenToldToGiveANewTokenAndReadinessSaysSo() {
        String token = vault.createToken(HOUR, Duration.ofDays(30), true);
        open(new VaultSettings.TokenAuth(token));
        assertThat(read()).isEqualTo(VALUE);

        vault.revoke(token);

        assertThatThrownBy(this::read)
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("403");
        assertThat(connection.tokenHealth().state()).isEqualTo("token-invalid");
        assertThat(connection.tokenHealth().working()).isFalse();
        assertThat(logs.lines()).anyMatch(line -> line.contains("VAULT_TOKEN"));
    }

    @Test
    void givenSecretIdThatRunsOutOfUses_whenTheNextLoginIsRefused_thenAnErrorSaysWhyAndANewSecretIdInItsFileIsUsed()
            throws Exception {
        Path secretIdFile = Files.writeString(dir.resolve("secret-id"), SECRET_ID);
        vault.withSecretIdLimits(SECRET_ID, 2, Duration.ZERO)
                .withLoginTokenRenewable(false)
                .withLoginTokenTtl(HOUR, HOUR);
        open(new VaultSettings.AppRoleAuth("approle", ROLE_ID, null, secretIdFile));

        assertThat(read()).isEqualTo(VALUE);
        time.advance(Duration.ofMinutes(45)); // second login, the secret id's last use
        assertThat(read()).isEqualTo(VALUE);
        time.advance(Duration.ofMinutes(45)); // the third, at 80 min, is refused; the token works until 100 min
        assertThat(read()).isEqualTo(VALUE);
        assertThat(connection.tokenHealth().state()).isEqualTo("refresh-failing");
        assertThat(logs.events())
                .anyMatch(e -> e.getLevel() == Level.ERROR
                        && e.getFormattedMessage().contains("invalid role or secret ID")
                        && e.getFormattedMessage().contains("secret_id_num_uses"));

        time.advance(Duration.ofMinutes(30)); // past the token's expiry: nothing works until a new secret id comes
        assertThatThrownBy(this::read).isInstanceOf(SecretStoreUnavailableException.class);
        assertThat(connection.tokenHealth().state()).isEqualTo("login-failing");
        assertThat(connection.tokenHealth().working()).isFalse();

        Files.writeString(secretIdFile, vault.issueSecretId(ROLE_ID, 0, Duration.ZERO));
        time.advance(VaultSession.MAX_RETRY);
        assertThat(read()).isEqualTo(VALUE);
        assertThat(connection.tokenHealth().state()).isEqualTo("token-valid");
        assertThat(logs.lines()).noneMatch(line -> line.contains(SECRET_ID));
    }

    @Test
    void givenStandbyNodeWithoutForwarding_whenRead_thenTheRedirectIsReportedAsWhatItIs() {
        open(new VaultSettings.TokenAuth(vault.rootToken()));
        vault.standby(true);

        assertThatThrownBy(this::read)
                .isInstanceOf(SecretStoreUnavailableException.class)
                .hasMessageContaining("HTTP 307")
                .hasMessageContaining("standby")
                .hasMessageNotContaining("HTTP 200");
    }
}
