package io.gaara.adapters.secrets.aws;

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
import io.gaara.testsupport.CuttableProxy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The circuit breaker in front of AWS Secrets Manager, on the emulator (moto) behind a relay that cuts and restores the
 * link: failed trips open it, an open breaker keeps trips from reaching the backend at all while the cache serves the
 * last good value, and after the open time a trial trip on the restored link closes it. Readiness over the same breaker
 * is in bootstrap's {@code AwsProductionTest}.
 */
class AwsSecretsManagerCircuitBreakerTest {
    private static final String KEY = "GAARA_JWT_SECRET_KEY";
    private static final Duration OPEN_FOR = Duration.ofSeconds(1);

    private final MotoServer moto = MotoServer.shared();

    @Test
    void givenLinkCut_whenTripsFail_thenBreakerOpensTripsStopReachingAwsAndTheRestoredLinkClosesIt() throws Exception {
        AwsSecretsSettings settings = AwsSecretsSettings.forEnvironment(Seeding.freshEnvironment());
        try (SecretsManagerClient seeder = moto.secretsManagerClient()) {
            new Seeding(seeder, moto.createKmsKey()).create(settings.prefix() + KEY, "breaker-Zt4Qm8Lp2Wx6Rv0Ny3Kc");
        }
        try (CuttableProxy relay = new CuttableProxy(moto.endpoint());
                SecretsManagerClient client = AwsSecretsClients.configure(
                                SecretsManagerClient.builder(),
                                MotoServer.REGION,
                                MotoServer.credentials(),
                                relay.endpoint())
                        .build();
                CapturedLogs logs = CapturedLogs.of(CircuitBreakingSecretStore.class.getName())) {
            CircuitBreakingSecretStore breaker = CircuitBreakingSecretStore.around(
                    new AwsSecretsManagerSecretStore(client, settings), new SecretsBreakerSettings(2, OPEN_FOR));
            try (CachingSecretStore cache = CachingSecretStore.builder(breaker)
                    .sweepInterval(Duration.ZERO)
                    .build()) {
                String value = cache.read(KEY).map(Secret::value).orElseThrow();

                relay.cut();
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(() -> cache.refreshNow(KEY)).isInstanceOf(SecretStoreUnavailableException.class);
                }

                assertThat(breaker.state()).isEqualTo("OPEN");
                assertThat(logs.events())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getLevel().toString()).isEqualTo("WARN"))
                        .satisfies(e -> assertThat(e.getFormattedMessage())
                                .contains("aws-secrets-manager circuit breaker OPEN (was CLOSED)"));
                int connections = relay.connectionsAccepted();
                long started = System.nanoTime();
                assertThatThrownBy(() -> cache.refreshNow(KEY))
                        .isInstanceOf(SecretStoreUnavailableException.class)
                        .hasRootCauseMessage("secrets backend aws-secrets-manager not asked: its circuit breaker is"
                                + " OPEN after 2 failures in a row");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
                assertThat(relay.connectionsAccepted())
                        .as("not one attempt reached the backend")
                        .isEqualTo(connections);
                assertThat(cache.read(KEY))
                        .as("the cache serves the last good value")
                        .map(Secret::value)
                        .contains(value);
                assertThat(cache.health().degraded()).isTrue();

                relay.restore();
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
            cache.refreshNow(KEY);
            return true;
        } catch (SecretStoreUnavailableException stillOpen) {
            return false;
        }
    }

    static List<String> transitions(List<ILoggingEvent> events) {
        return events.stream()
                .map(e -> e.getLevel() + " "
                        + e.getFormattedMessage()
                                .replaceFirst(".*circuit breaker ", "")
                                .replaceFirst("\\):.*", ")"))
                .toList();
    }
}
