package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.SecretBackends;
import io.gaara.bootstrap.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric and duration setting, walked through the real startup path (configuration, secrets backends, the server
 * with its adapters on the test database) at its bounds: one step outside is a {@link ConfigurationException} (exit 2,
 * one line) naming the variable and its range, never another exception from an adapter's constructor; the bound itself
 * starts a server, so no adapter refuses a value the configuration accepts.
 */
class ConfigurationBoundsTest {

    /**
     * One setting's bounds.
     *
     * @param lowest the smallest value accepted, started with; null where starting proves nothing of the adapters
     * @param highest the largest value accepted, started with; null where starting costs more than it shows (a pool of
     *     200 connections on the shared test database, a port that may be taken)
     * @param range what the refusal says about the range
     * @param with other settings the values need (a session's idle timeout within its lifetime, say)
     */
    record Bound(
            String name,
            String tooLow,
            String tooHigh,
            String lowest,
            String highest,
            String range,
            Map<String, String> with) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Bound bound(
            String name, String tooLow, String tooHigh, String lowest, String highest, String range) {
        return new Bound(name, tooLow, tooHigh, lowest, highest, range, Map.of());
    }

    static Stream<Bound> bounds() {
        Map<String, String> vault =
                Map.of("GAARA_SECRETS_BACKEND", "vault", "VAULT_ADDR", "https://127.0.0.1:1", "VAULT_TOKEN", "t0ken");
        return Stream.of(
                bound("GAARA_DATABASE_POOL_SIZE", "0", "201", "1", null, "between 1 and 200"),
                bound("GAARA_HTTP_PORT", "-1", "65536", "0", null, "between 0 and 65535"),
                bound("GAARA_HTTP_MAX_REQUEST_BYTES", "1023", "1048577", "1024", "1048576", "between 1024 and 1048576"),
                bound("GAARA_HTTP_MAX_CONNECTIONS", "15", "1000001", "16", "1000000", "between 16 and 1000000"),
                bound("GAARA_HASHING_THREADS", "0", "257", "1", "256", "between 1 and 256"),
                bound("GAARA_HASHING_QUEUE", "-1", "10001", "0", "10000", "between 0 and 10000"),
                bound("GAARA_HASHING_MAX_WAIT", "49ms", "31s", "50ms", "30s", "between 50ms and 30s"),
                bound("GAARA_ACCESS_TOKEN_TTL", "29s", "3601s", "30s", "1h", "between 30s and 1h"),
                new Bound(
                        "GAARA_ARGON2_MEMORY_KIB",
                        "8191",
                        "262145",
                        "8192",
                        "262144",
                        "between 8192 and 262144",
                        Map.of("GAARA_ARGON2_ITERATIONS", "1")),
                bound("GAARA_ARGON2_ITERATIONS", "0", "65", "1", "32", "between 1 and 64"),
                bound("GAARA_ARGON2_PARALLELISM", "0", "17", "1", "16", "between 1 and 16"),
                bound("GAARA_LOGIN_FAILURE_FLOOR", "PT-1S", "11s", "0s", "10s", "between 0s and 10s"),
                bound("GAARA_SECRETS_CACHE_TTL", "9s", "86401s", "10s", "1d", "between 10s and 1d"),
                bound("GAARA_DATABASE_BREAKER_FAILURES", "0", "101", "1", "100", "between 1 and 100"),
                bound("GAARA_DATABASE_BREAKER_OPEN_FOR", "99ms", "601s", "100ms", "10m", "between 100ms and 10m"),
                bound("GAARA_SECRETS_BREAKER_FAILURES", "0", "101", "1", "100", "between 1 and 100"),
                bound("GAARA_SECRETS_BREAKER_OPEN_FOR", "99ms", "601s", "100ms", "10m", "between 100ms and 10m"),
                new Bound(
                        "GAARA_SESSION_IDLE_TIMEOUT",
                        "59s",
                        "366d",
                        "1m",
                        "365d",
                        "between 1m and 365d",
                        Map.of("GAARA_SESSION_ABSOLUTE_LIFETIME", "365d")),
                new Bound(
                        "GAARA_SESSION_ABSOLUTE_LIFETIME",
                        "59s",
                        "366d",
                        "1m",
                        "365d",
                        "between 1m and 365d",
                        Map.of("GAARA_SESSION_IDLE_TIMEOUT", "1m")),
                bound("GAARA_REFRESH_REUSE_GRACE", "PT-1S", "61s", "0s", "60s", "between 0s and 1m"),
                bound("GAARA_PASSWORD_RESET_TTL", "4m", "25h", "5m", "24h", "between 5m and 1d"),
                bound("GAARA_EMAIL_VERIFY_TTL", "4m", "8d", "5m", "7d", "between 5m and 7d"),
                bound("GAARA_REGISTER_LIMIT_PER_IP", "0", "1000001", "1", "1000000", "between 1 and 1000000"),
                bound("GAARA_REGISTER_LIMIT_WINDOW", "999ms", "25h", "1s", "24h", "between 1 s and 24 h"),
                bound(
                        "GAARA_LOGIN_THROTTLE_IP_FREE_FAILURES",
                        "-1",
                        "1000001",
                        "0",
                        "1000000",
                        "between 0 and 1000000"),
                new Bound(
                        "GAARA_LOGIN_THROTTLE_ACCOUNT_MAX_WAIT",
                        "PT0.0001S",
                        "25h",
                        "1s",
                        "24h",
                        "between the first wait and 24 h",
                        Map.of("GAARA_LOGIN_THROTTLE_FORGET_AFTER", "1d")),
                bound("GAARA_LOGIN_THROTTLE_FORGET_AFTER", "1s", "8d", null, "7d", "and 7 days"),
                // more digits than a long holds, or more minutes than a Duration holds: escaped as an
                // ArithmeticException before
                bound("GAARA_EMAIL_TIMEOUT", "0ms", "99999999999999999m", "1ms", "5m", "between 1ms and 5m"),
                bound(
                        "GAARA_EMAIL_CONNECT_TIMEOUT",
                        "0ms",
                        "999999999999999999999m",
                        "1ms",
                        "5m",
                        "between 1ms and 5m"),
                // no answer from Vault at startup, so no start at the bounds; a huge timeout was taken before, and
                // one past what a Duration holds escaped as an ArithmeticException
                new Bound("GAARA_VAULT_CONNECT_TIMEOUT", "0s", "301s", null, null, "between 1ms and 5m", vault),
                new Bound(
                        "GAARA_VAULT_READ_TIMEOUT",
                        "PT0S",
                        "999999999999999999m",
                        null,
                        null,
                        "between 1ms and 5m",
                        vault));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void givenAValueOneStepOutsideTheRange_whenStarted_thenAConfigurationErrorNamingTheVariableAndRange(Bound bound) {
        for (String outside : new String[] {bound.tooLow(), bound.tooHigh()}) {
            assertThatThrownBy(() -> startAndStop(bound, outside))
                    .as("%s=%s", bound.name(), outside)
                    .isExactlyInstanceOf(ConfigurationException.class)
                    .hasMessageContaining(bound.name())
                    .hasMessageContaining(bound.range());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void givenTheBoundsThemselves_whenStarted_thenEveryAdapterAcceptsThem(Bound bound) {
        for (String inside : new String[] {bound.lowest(), bound.highest()}) {
            if (inside != null) {
                assertThatCode(() -> startAndStop(bound, inside))
                        .as("%s=%s", bound.name(), inside)
                        .doesNotThrowAnyException();
            }
        }
    }

    /** What {@code Gaara.main} does, in process: configuration, backends, server; then stops it. */
    private static void startAndStop(Bound bound, String value) {
        Map<String, String> config = new HashMap<>();
        config.put("GAARA_DATABASE_URL", TestDatabase.url());
        config.put("GAARA_HTTP_PORT", "0");
        config.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        config.put("GAARA_ARGON2_ITERATIONS", "1");
        config.put("GAARA_SECRETS_BACKEND", "env");
        config.put("JWT_SECRET_KEY", TestServers.ACCESS_KEY);
        config.put("JWT_REFRESH_SECRET_KEY", TestServers.REFRESH_KEY);
        try {
            config.put(
                    "GAARA_DATA_DIR", Files.createTempDirectory("gaara-bounds").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.putAll(bound.with());
        config.put(bound.name(), value);
        Settings settings = Settings.from(config);
        try (SecretBackends backends = SecretBackends.open(settings, config, config, Path.of("."));
                GaaraServer server =
                        GaaraServer.start(settings, backends.store(), Clock.systemUTC(), backends.probes())) {
            assertThat(server.port()).isPositive();
        }
    }
}
