package io.gaara.adapters.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.gaara.adapters.secrets.breaker.CircuitBreakingSecretStore;
import io.gaara.adapters.secrets.breaker.SecretsBreakerSettings;
import io.gaara.adapters.secrets.cache.CachingSecretStore;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.gaara.testsupport.CapturedLogs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker in front of Vault, on the Vault double sealed (every request 503) and unsealed: failed trips open
 * it, an open breaker keeps reads from reaching Vault while the cache serves the last good value, and a trial trip
 * after the open time closes it once Vault answers. Readiness over the same breaker is {@code VaultProductionTest} in
 * bootstrap.
 */
class VaultCircuitBreakerTest {
    private static final String NAME = "JWT_SECRET_KEY";
    private static final String PREFIX = "gaara/breaker";
    private static final String DATA_PATH = "/v1/secret/data/" + PREFIX + "/" + NAME;

    @Test
    void givenVaultSealed_whenTripsFail_thenBreakerOpensReadsStopReachingVaultAndUnsealingClosesIt() {
        try (VaultDouble vault = VaultDouble.start();
                VaultConnection connection = VaultConnection.open(vault.settings(PREFIX));
                CapturedLogs logs = CapturedLogs.of(CircuitBreakingSecretStore.class.getName())) {
            vault.write("secret", PREFIX + "/" + NAME, Map.of("value", "vault-breaker-Hq5Ws9Ed3Rf7Tg1Yh"));
            CircuitBreakingSecretStore breaker = CircuitBreakingSecretStore.around(
                    connection.secretStore(), new SecretsBreakerSettings(2, Duration.ofSeconds(1)));
            try (CachingSecretStore cache = CachingSecretStore.builder(breaker)
                    .sweepInterval(Duration.ZERO)
                    .build()) {
                String value = cache.read(NAME).map(Secret::value).orElseThrow();

                vault.failWith(503);
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> cache.refreshNow(NAME))
                            .isInstanceOf(SecretStoreUnavailableException.class);
                }

                assertThat(breaker.state()).isEqualTo("OPEN");
                assertThat(logs.events())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"))
                        .satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("vault circuit breaker OPEN (was CLOSED)"));
                int reads = vault.calls("GET", DATA_PATH);
                long started = System.nanoTime();
                assertThatThrownBy(() -> cache.refreshNow(NAME))
                        .isInstanceOf(SecretStoreUnavailableException.class)
                        .hasRootCauseMessage("secrets backend vault not asked: its circuit breaker is OPEN after 2"
                                + " failures in a row");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(vault.calls("GET", DATA_PATH))
                        .as("no read reached Vault")
                        .isEqualTo(reads);
                assertThat(cache.read(NAME))
                        .as("the cache serves the last good value")
                        .map(Secret::value)
                        .contains(value);
                assertThat(cache.health().degraded()).isTrue();

                vault.recover();
                await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> refreshed(cache));

                assertThat(breaker.state()).isEqualTo("CLOSED");
                assertThat(cache.health().degraded()).isFalse();
                assertThat(transitions(logs.events()))
                        .containsExactly(
                                "WARN OPEN (was CLOSED)", "INFO HALF_OPEN (was OPEN)", "INFO CLOSED (was HALF_OPEN)");
            }
        }
    }

    private static boolean refreshed(CachingSecretStore cache) {
        try {
            cache.refreshNow(NAME);
            return true;
        } catch (SecretStoreUnavailableException stillOpen) {
            return false;
        }
    }

    private static List<String> transitions(List<ILoggingEvent> events) {
        return events.stream()
                .map(e -> e.getLevel() + " "
                        + e.getFormattedMessage()
                                .replaceFirst(".*circuit breaker ", "")
                                .replaceFirst("\\):.*", ")"))
                .toList();
    }
}
