package io.gaara.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the startup configuration (docs/SECURITY.md, Fuzzing): the {@code .env} file as {@link ConfigSource} reads it,
 * and the settings parsed from the merged map, the database URL forms above all. Whatever the values, startup gets
 * settings or a {@link ConfigurationException} (exit 2, one line), never another exception; and a password, marked with
 * a character no other value holds, shows neither in the error nor in the settings as printed.
 */
class ConfigFuzzTest {
    private static final String MARK = "\u00a7";
    private static final String[] KEYS = {
        "ENVIRONMENT",
        "GAARA_ACCESS_TOKEN_TTL",
        "GAARA_ARGON2_ITERATIONS",
        "GAARA_ARGON2_MEMORY_KIB",
        "GAARA_ARGON2_PARALLELISM",
        "GAARA_AUDIT_RETENTION",
        "GAARA_DATABASE_BREAKER_FAILURES",
        "GAARA_DATABASE_BREAKER_OPEN_FOR",
        "GAARA_DATABASE_MIGRATION_URL",
        "GAARA_DATABASE_OPTIONS",
        "GAARA_DATABASE_POOL_SIZE",
        "GAARA_DATABASE_TLS",
        "GAARA_DATA_DIR",
        "GAARA_EMAIL_CONNECT_TIMEOUT",
        "GAARA_EMAIL_FROM",
        "GAARA_EMAIL_PRODUCT_NAME",
        "GAARA_EMAIL_PROVIDER",
        "GAARA_EMAIL_SUPPORT_EMAIL",
        "GAARA_EMAIL_TEMPLATES_DIR",
        "GAARA_EMAIL_TIMEOUT",
        "GAARA_EMAIL_VERIFY_TTL",
        "GAARA_HASHING_MAX_WAIT",
        "GAARA_HASHING_QUEUE",
        "GAARA_HASHING_THREADS",
        "GAARA_HTTP_CORS_ORIGINS",
        "GAARA_HTTP_HEADER_TIMEOUT",
        "GAARA_HTTP_HOST",
        "GAARA_HTTP_HSTS_MAX_AGE",
        "GAARA_HTTP_IDLE_TIMEOUT",
        "GAARA_HTTP_MAX_CONNECTIONS",
        "GAARA_HTTP_MAX_REQUEST_BYTES",
        "GAARA_HTTP_MIN_BODY_RATE",
        "GAARA_HTTP_PORT",
        "GAARA_HTTP_READINESS_CACHE",
        "GAARA_HTTP_TRUSTED_PROXIES",
        "GAARA_JWT_AUDIENCE",
        "GAARA_JWT_ISSUER",
        "GAARA_LOGIN_FAILURE_FLOOR",
        "GAARA_LOGIN_THROTTLE_ACCOUNT",
        "GAARA_LOGIN_THROTTLE_ACCOUNT_IP",
        "GAARA_LOGIN_THROTTLE_ENABLED",
        "GAARA_LOGIN_THROTTLE_FIRST_WAIT",
        "GAARA_LOGIN_THROTTLE_FORGET_AFTER",
        "GAARA_LOGIN_THROTTLE_IP",
        "GAARA_PASSWORD_RESET_TTL",
        "GAARA_PUBLIC_URL",
        "GAARA_PURGE_BATCH_SIZE",
        "GAARA_PURGE_INTERVAL",
        "GAARA_REFRESH_REUSE_GRACE",
        "GAARA_REGISTER_LIMIT_ENABLED",
        "GAARA_REGISTER_LIMIT_PER_IP",
        "GAARA_REGISTER_LIMIT_WINDOW",
        "GAARA_REQUIRE_VERIFIED_EMAIL",
        "GAARA_SECRET_ACCESS_RETENTION",
        "GAARA_SECRETS_BACKEND",
        "GAARA_SECRETS_BREAKER_FAILURES",
        "GAARA_SECRETS_BREAKER_OPEN_FOR",
        "GAARA_SECRETS_CACHE_TTL",
        "GAARA_SECURITY_LOG_ALERT_THRESHOLD",
        "GAARA_SECURITY_LOG_FLUSH_INTERVAL",
        "GAARA_SECURITY_LOG_MAX_ADDRESSES",
        "GAARA_SENDGRID_BASE_URL",
        "GAARA_SESSION_ABSOLUTE_LIFETIME",
        "GAARA_SESSION_IDLE_TIMEOUT",
        "GAARA_SESSION_RETENTION",
        "GAARA_SESSIONS_MAX_PER_USER",
        "GAARA_SMTP_HOST",
        "GAARA_SMTP_PORT",
        "GAARA_SMTP_TLS",
        "GAARA_SMTP_USERNAME",
    };
    /** Values that parse somewhere, sit at a bound, or almost parse. */
    private static final String[] TYPICAL = {
        "",
        " ",
        "0",
        "1",
        "-1",
        "5",
        "65535",
        "65536",
        "2147483648",
        "true",
        "false",
        "yes",
        "10s",
        "1h",
        "30d",
        "0s",
        "-5m",
        "1.5h",
        "PT1H",
        "production",
        "development",
        "env",
        "aws",
        "vault",
        "env,dotenv",
        "smtp",
        "sendgrid",
        "log",
        "127.0.0.1",
        "0.0.0.0",
        "10.0.0.0/8",
        "https://app.example.com",
        "http://x",
        "noreply@example.com",
        "sslmode=verify-full",
        "user=x",
        "\u0000",
        "./x",
        "/nonexistent/dir"
    };

    private static Path directory;

    @BeforeAll
    static void createDirectory() throws IOException {
        directory = Files.createTempDirectory("config-fuzz");
    }

    @AfterAll
    static void removeDirectory() throws IOException {
        Files.deleteIfExists(directory.resolve(ConfigSource.DOTENV));
        Files.deleteIfExists(directory);
    }

    @FuzzTest
    void configurationYieldsSettingsOrAConfigurationErrorWithoutAPassword(FuzzedDataProvider data) throws IOException {
        if (data.consumeBoolean()) {
            Files.write(directory.resolve(ConfigSource.DOTENV), data.consumeRemainingAsBytes());
            try {
                ConfigSource.load(directory, Map.of());
            } catch (ConfigurationException refused) {
                assertThat(refused.getMessage()).doesNotContain(MARK).contains(ConfigSource.DOTENV);
            }
            return;
        }
        Map<String, String> config = new HashMap<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            String key = data.pickValue(KEYS);
            config.put(key, data.consumeBoolean() ? data.pickValue(TYPICAL) : part(data, 40));
        }
        String password = MARK + data.consumeString(20) + MARK;
        // where the URL is written unencoded, the user is a plain role name and the password anything: the operator's
        // usual mistake, not a user name made of URL delimiters
        String user = data.consumeAsciiString(12).replaceAll("[^A-Za-z0-9_.-]", "");
        String host = data.consumeBoolean() ? "db.internal" : part(data, 24);
        switch (data.consumeInt(0, 4)) {
            case 0 ->
                config.put(
                        "GAARA_DATABASE_URL",
                        "postgresql://" + encode(user) + ":" + encode(password) + "@" + host + "/g");
            case 1 -> config.put("GAARA_DATABASE_URL", "postgresql://" + user + ":" + password + "@" + host + "/g");
            case 2 -> {
                config.put("GAARA_DATABASE_URL", "jdbc:postgresql://" + host + "/g" + part(data, 20));
                config.put("GAARA_DATABASE_USER", user);
                config.put("GAARA_DATABASE_PASSWORD", password);
            }
            case 3 ->
                config.put(
                        "GAARA_DATABASE_URL",
                        "jdbc:postgresql://" + user + ":" + password + "@" + host + "/g?user=" + user);
            default -> config.put("GAARA_DATABASE_URL", part(data, 40) + password + part(data, 40));
        }

        try {
            Settings settings = Settings.from(config);
            assertThat(settings.toString()).as("%s", config).doesNotContain(MARK);
        } catch (ConfigurationException refused) {
            assertThat(refused.getMessage()).as("%s", config).doesNotContain(MARK);
        } catch (RuntimeException e) {
            throw new AssertionError("not a configuration error for " + config, e);
        }
    }

    /** Any text but the password's mark and '%' (which could spell the mark encoded). */
    private static String part(FuzzedDataProvider data, int maxLength) {
        return data.consumeString(maxLength).replace(MARK, "").replace("%", "");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
