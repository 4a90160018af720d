package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 15's long run on a compressed clock: an instance logged in with AppRole (the setup guide's role: token TTL 1 h,
 * max TTL 24 h) serves a read every 10 minutes for 30 days, through a sealed hour on day 10 and an operator revoking
 * its token on day 20. No read may fail except while Vault is sealed, and the first read after the unseal must succeed:
 * nothing waits for a scheduled renewal.
 */
class VaultThirtyDaysTest {
    private static final Logger log = LoggerFactory.getLogger(VaultThirtyDaysTest.class);
    private static final String PREFIX = "gaara/production";
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String VALUE = "Zr8Tq1Wx4Yb7Nc0Vm3Lk6Jh9Gf2Ds5Ap8Oi1Uy4Et7R";
    private static final Duration EVERY = Duration.ofMinutes(10);

    @Test
    void givenAppRoleInstance_whenThirtyDaysPassWithASealedHourAndARevokedToken_thenOnlyReadsWhileSealedFail() {
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        MutableClock clock = new MutableClock(start);
        String roleId = "gaara-role-" + UUID.randomUUID();
        String secretId = "secret-id-" + UUID.randomUUID();
        Instant sealAt = start.plus(Duration.ofDays(10)).plus(Duration.ofMinutes(7));
        Instant unsealAt = sealAt.plus(Duration.ofHours(1));
        Instant revokeAt = start.plus(Duration.ofDays(20)).plus(Duration.ofMinutes(13));
        long began = System.nanoTime();

        try (VaultDouble vault = VaultDouble.start(clock)
                        .withAppRole(roleId, secretId)
                        .withLoginTokenTtl(Duration.ofHours(1), Duration.ofHours(24));
                VaultConnection connection = VaultConnection.openWithoutBackgroundThread(
                        vault.settings(PREFIX).withAuth(new VaultSettings.AppRoleAuth("approle", roleId, secretId)),
                        clock)) {
            vault.write("secret", PREFIX + "/" + NAME, Map.of("value", VALUE));
            TokenTimeline time = new TokenTimeline(clock, connection);
            List<Instant> failedOutsideTheSeal = new ArrayList<>();
            int reads = 0;
            int failedWhileSealed = 0;
            boolean sealed = false;
            boolean revoked = false;
            Instant firstReadAfterUnseal = null;
            boolean firstReadAfterUnsealSucceeded = false;

            while (time.now().isBefore(start.plus(Duration.ofDays(30)))) {
                Instant now = time.now();
                if (!sealed && now.isAfter(sealAt) && now.isBefore(unsealAt)) {
                    vault.seal();
                    sealed = true;
                } else if (sealed && !now.isBefore(unsealAt)) {
                    vault.unseal();
                    sealed = false;
                    firstReadAfterUnseal = now;
                }
                if (!revoked && now.isAfter(revokeAt)) {
                    List<String> seen = vault.tokensSeen();
                    vault.revoke(seen.get(seen.size() - 1));
                    revoked = true;
                }
                reads++;
                try {
                    String value = connection
                            .secretStore()
                            .read(NAME)
                            .map(Secret::value)
                            .orElse(null);
                    assertThat(value).isEqualTo(VALUE);
                    if (now.equals(firstReadAfterUnseal)) {
                        firstReadAfterUnsealSucceeded = true;
                    }
                } catch (SecretStoreUnavailableException e) {
                    if (sealed) {
                        failedWhileSealed++;
                    } else {
                        failedOutsideTheSeal.add(now);
                    }
                }
                time.advance(EVERY);
            }

            int logins = (int) vault.tokensSeen().stream().distinct().count();
            int renewals = vault.calls("POST", "/v1/auth/token/renew-self");
            log.info(
                    "30 days: {} reads, {} failed while sealed, {} failed otherwise; {} tokens from {} login calls, {} "
                            + "renewals, {} maintenance runs; {} ms of wall time",
                    reads,
                    failedWhileSealed,
                    failedOutsideTheSeal.size(),
                    logins,
                    vault.calls("POST", "/v1/auth/approle/login"),
                    renewals,
                    time.maintenanceRuns(),
                    (System.nanoTime() - began) / 1_000_000);

            assertThat(reads).isEqualTo(30 * 24 * 6);
            assertThat(failedOutsideTheSeal)
                    .as("reads that failed while Vault was unsealed")
                    .isEmpty();
            assertThat(failedWhileSealed).as("the sealed hour's reads").isBetween(5, 6);
            assertThat(firstReadAfterUnsealSucceeded)
                    .as("the first read after the unseal")
                    .isTrue();
            // a token a day at the 24 h max TTL, one after the seal outlived the token, one after the revocation
            assertThat(logins).isBetween(30, 36);
            assertThat(renewals).as("renewed every 40 minutes in between").isGreaterThan(900);
            assertThat(connection.tokenHealth().state()).isEqualTo("token-valid");
        }
    }
}
