package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.adapters.secrets.vault.VaultRetention.Retention;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * How KV v2 combines the mount's and a secret's retention, as vault-plugin-secrets-kv computes it when it writes a
 * version ({@code AddVersion}: the greater {@code max_versions}, 10 when neither is set, hashicorp/vault#22394; the
 * shorter {@code delete_version_after} of those set, none when the mount's is negative), and Go's duration format.
 */
class VaultRetentionTest {
    private static Retention retention(int maxVersions, Duration deleteAfter) {
        return new Retention(maxVersions, deleteAfter);
    }

    @Test
    void givenMaxVersions_whenCombined_thenTheGreaterWinsAndNeitherMeansTen() {
        assertThat(VaultRetention.effective(Retention.UNSET, Retention.UNSET).maxVersions())
                .isEqualTo(10);
        assertThat(VaultRetention.effective(retention(0, Duration.ZERO), retention(1, Duration.ZERO))
                        .maxVersions())
                .as("a secret's 1 on a mount left at its default")
                .isEqualTo(1);
        assertThat(VaultRetention.effective(retention(5, Duration.ZERO), retention(1, Duration.ZERO))
                        .maxVersions())
                .isEqualTo(5);
        assertThat(VaultRetention.effective(retention(3, Duration.ZERO), retention(20, Duration.ZERO))
                        .maxVersions())
                .isEqualTo(20);
    }

    @Test
    void givenDeleteVersionAfter_whenCombined_thenTheShorterSetOneWinsAndANegativeMountDisablesIt() {
        Duration hour = Duration.ofHours(1);
        Duration day = Duration.ofDays(1);
        assertThat(VaultRetention.effective(retention(0, day), retention(0, hour))
                        .deleteAfter())
                .isEqualTo(hour);
        assertThat(VaultRetention.effective(retention(0, hour), retention(0, day))
                        .deleteAfter())
                .isEqualTo(hour);
        assertThat(VaultRetention.effective(retention(0, Duration.ZERO), retention(0, day))
                        .deleteAfter())
                .isEqualTo(day);
        assertThat(VaultRetention.effective(retention(0, day), Retention.UNSET).deleteAfter())
                .isEqualTo(day);
        assertThat(VaultRetention.effective(retention(0, Duration.ofSeconds(-1)), retention(0, day))
                        .deleteAfter())
                .isZero();
    }

    @Test
    void givenGoDurations_whenParsed_thenAsVaultMeansThem() {
        assertThat(VaultRetention.goDuration("0s")).isZero();
        assertThat(VaultRetention.goDuration("1h0m0s")).isEqualTo(Duration.ofHours(1));
        assertThat(VaultRetention.goDuration("768h")).isEqualTo(Duration.ofDays(32));
        assertThat(VaultRetention.goDuration("1m30.5s")).isEqualTo(Duration.ofMillis(90_500));
        assertThat(VaultRetention.goDuration("-1s")).isEqualTo(Duration.ofSeconds(-1));
        assertThat(VaultRetention.goDuration("nonsense")).isZero();
    }
}
