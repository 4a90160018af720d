package io.gaara.bootstrap;

import io.gaara.adapters.secrets.EnvironmentSecretStore;
import io.gaara.bootstrap.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Starts real Gaara servers (full wiring, real HTTP) on the shared test database. */
final class TestServers {
    static final String ACCESS_KEY = "e2e-access-key-" + UUID.randomUUID() + "-0123456789";
    static final String REFRESH_KEY = "e2e-refresh-key-" + UUID.randomUUID() + "-0123456789";

    /**
     * Every server of the suite sees its clients at 127.0.0.1 and counts them in the one shared database, so the
     * per-address limits add up across tests (and test classes): lifted for every test that is not about them. The
     * throttling tests set their own and send each request from an address of their own, through a trusted proxy.
     */
    static final Map<String, String> LOOPBACK_LIMITS_LIFTED = Map.of(
            "GAARA_REGISTER_LIMIT_PER_IP", "1000000",
            "GAARA_LOGIN_THROTTLE_IP_FREE_FAILURES", "1000000");

    private TestServers() {}

    static GaaraServer start(Map<String, String> overrides) {
        return start(overrides, Clock.systemUTC());
    }

    /** A server on a clock the test moves, for deadlines (reuse grace, lifetimes) crossed without sleeping. */
    static GaaraServer start(Map<String, String> overrides, Clock clock) {
        ApiClient.SECRETS_SEEN.add(ACCESS_KEY);
        ApiClient.SECRETS_SEEN.add(REFRESH_KEY);
        Map<String, String> config = new HashMap<>();
        config.put("GAARA_DATABASE_URL", TestDatabase.url());
        config.put("GAARA_HTTP_PORT", "0");
        // cheap hashes: these tests are about behaviour, the cost is measured by the benchmarks
        config.put("GAARA_ARGON2_MEMORY_KIB", "8192");
        config.put("GAARA_ARGON2_ITERATIONS", "1");
        // failures answered at once; LoginTimingTest shows the floor, with the real argon2 cost
        config.put("GAARA_LOGIN_FAILURE_FLOOR", "0s");
        config.putAll(LOOPBACK_LIMITS_LIFTED);
        // readiness probed on every call: these tests assert each change of a dependency at once (the 1 s cache the
        // server has by default is shown by SlowClientsTest in the HTTP adapter)
        config.put("GAARA_HTTP_READINESS_CACHE", "0s");
        try {
            config.put("GAARA_DATA_DIR", Files.createTempDirectory("gaara-e2e").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        config.putAll(overrides);
        var secrets =
                new EnvironmentSecretStore(Map.of("JWT_SECRET_KEY", ACCESS_KEY, "JWT_REFRESH_SECRET_KEY", REFRESH_KEY));
        return GaaraServer.start(Settings.from(config), secrets, clock);
    }

    /**
     * What a production server needs set beside its secrets, database and backend ({@code ENVIRONMENT=production}, the
     * front end's URL, an email provider), with {@code more} added: one place, so a setting production comes to require
     * is added once for every test that starts in production. A mutable copy.
     *
     * <p>The shared test database speaks no TLS, so these servers accept an unverified connection to it
     * ({@code GAARA_DATABASE_TLS=insecure-allowed}); DatabaseTlsTest shows production refusing that by default and
     * connecting over verified TLS.
     */
    static Map<String, String> production(Map<String, String> more) {
        Map<String, String> config = new HashMap<>();
        config.put("ENVIRONMENT", "production");
        // as in start(): readiness probed on every call, for the tests that start their own production server
        config.put("GAARA_HTTP_READINESS_CACHE", "0s");
        config.put("GAARA_DATABASE_TLS", "insecure-allowed");
        config.put("GAARA_PUBLIC_URL", "https://app.example.com");
        config.put("GAARA_EMAIL_PROVIDER", "file");
        config.putAll(more);
        return config;
    }

    /**
     * A client address in 198.18.0.0/15 (RFC 2544, benchmarking), for a request a trusted proxy forwards
     * ({@code GAARA_HTTP_TRUSTED_PROXIES=127.0.0.1/32}): per-address counters of other tests on the shared database
     * never mix in.
     */
    static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    static String uniqueEmail() {
        return "user-" + UUID.randomUUID() + "@example.com";
    }
}
