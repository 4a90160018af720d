package io.gaara.bootstrap.config;

import io.gaara.adapters.crypto.jwt.JwtSettings;
import io.gaara.adapters.crypto.password.Argon2Parameters;
import io.gaara.adapters.email.EmailSettings;
import io.gaara.adapters.http.HashingLaneSettings;
import io.gaara.adapters.http.HttpSettings;
import io.gaara.adapters.persistence.DatabaseBreakerSettings;
import io.gaara.adapters.persistence.PostgresSettings;
import io.gaara.adapters.persistence.RetentionSettings;
import io.gaara.adapters.secrets.breaker.SecretsBreakerSettings;
import io.gaara.application.service.LoginService;
import io.gaara.application.service.SecurityLogAggregator;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.RecoveryPolicy;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.ThrottlePolicy;
import io.gaara.domain.ThrottlePolicy.Backoff;
import io.gaara.domain.ThrottlePolicy.LoginLimits;
import io.gaara.domain.ThrottlePolicy.RegisterLimit;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every non-secret setting, read once at startup from environment variables (and {@code .env}), composed of the
 * settings records the adapters take, so the composition root hands each adapter its own part. Secrets are not here:
 * they come through the SecretStore port.
 */
public record Settings(
        Environment environment,
        Path dataDir,
        HttpSettings http,
        DatabaseSettings database,
        JwtSettings jwt,
        Duration accessTokenTtl,
        SessionPolicy sessionPolicy,
        Argon2Parameters argon2,
        Duration loginFailureFloor,
        SecretsSettings secrets,
        ThrottlePolicy throttle,
        RecoveryPolicy recovery,
        EmailSettings email,
        RetentionSettings retention,
        SecurityLogSettings securityLog) {

    public Settings {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(accessTokenTtl, "accessTokenTtl");
        Objects.requireNonNull(sessionPolicy, "sessionPolicy");
        Objects.requireNonNull(argon2, "argon2");
        Objects.requireNonNull(loginFailureFloor, "loginFailureFloor");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(throttle, "throttle");
        Objects.requireNonNull(recovery, "recovery");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(securityLog, "securityLog");
    }

    /**
     * The security log of failed token uses: how often each instance writes its counts
     * ({@code GAARA_SECURITY_LOG_FLUSH_INTERVAL}, 1s to 60s), how many distinct (minute, address, kind) counts it holds
     * at most ({@code GAARA_SECURITY_LOG_MAX_ADDRESSES}), and from how many failures of one kind by one address within
     * a minute it logs a warning ({@code GAARA_SECURITY_LOG_ALERT_THRESHOLD}).
     */
    public record SecurityLogSettings(Duration flushInterval, SecurityLogAggregator.Limits limits) {
        public static final Duration MIN_FLUSH_INTERVAL = Duration.ofSeconds(1);
        public static final Duration MAX_FLUSH_INTERVAL = Duration.ofSeconds(60);

        public SecurityLogSettings {
            Objects.requireNonNull(flushInterval, "flushInterval");
            Objects.requireNonNull(limits, "limits");
            if (flushInterval.compareTo(MIN_FLUSH_INTERVAL) < 0 || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
                throw new IllegalArgumentException("flushInterval must be between 1s and 60s");
            }
        }
    }

    /**
     * The database: a URL given in the configuration, or (when absent) the {@code DATABASE_URL} secret, or in
     * development an embedded server.
     *
     * @param url {@code GAARA_DATABASE_URL} with its credentials, when set
     * @param migrationUrl {@code GAARA_DATABASE_MIGRATION_URL}, when set: the login that owns the schema and migrates
     *     it at startup (else the {@code DATABASE_MIGRATION_URL} secret, else the runtime login migrates)
     * @param secretOptions JDBC parameters added to a {@code DATABASE_URL} secret in RDS JSON form
     * @param breaker when the circuit breaker in front of the database opens, and for how long
     * @param tls how far the connection must verify the server ({@code GAARA_DATABASE_TLS})
     */
    public record DatabaseSettings(
            Optional<PostgresSettings> url,
            Optional<PostgresSettings> migrationUrl,
            int poolSize,
            String secretOptions,
            DatabaseBreakerSettings breaker,
            DatabaseTls tls) {
        public DatabaseSettings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(migrationUrl, "migrationUrl");
            Objects.requireNonNull(secretOptions, "secretOptions");
            Objects.requireNonNull(breaker, "breaker");
            Objects.requireNonNull(tls, "tls");
        }
    }

    /**
     * Which secrets backends, in fallback order, how long their values are cached, and the circuit breaker between the
     * cache and the backends.
     */
    public record SecretsSettings(
            List<SecretBackends.Kind> backends, Duration cacheTtl, SecretsBreakerSettings breaker) {
        public SecretsSettings {
            backends = List.copyOf(backends);
            Objects.requireNonNull(cacheTtl, "cacheTtl");
            Objects.requireNonNull(breaker, "breaker");
        }
    }

    /** The longest a session may be configured to last, idle or in all. */
    static final Duration MAX_SESSION_LIFETIME = Duration.ofDays(365);

    public static Settings from(Map<String, String> config) {
        Environment environment = Environment.parse(config.get("ENVIRONMENT"));
        boolean production = environment == Environment.PRODUCTION;
        int poolSize = integer(config, "GAARA_DATABASE_POOL_SIZE", 10, 1, 200);
        Optional<PostgresSettings> database = Optional.ofNullable(blankToNull(config.get("GAARA_DATABASE_URL")))
                .map(url -> database(
                        "GAARA_DATABASE_URL",
                        url.strip(),
                        blankToNull(config.get("GAARA_DATABASE_USER")),
                        blankToNull(config.get("GAARA_DATABASE_PASSWORD")),
                        poolSize));
        Optional<PostgresSettings> migrationDatabase = Optional.ofNullable(
                        blankToNull(config.get("GAARA_DATABASE_MIGRATION_URL")))
                .map(url -> database("GAARA_DATABASE_MIGRATION_URL", url.strip(), null, null, 1));
        Duration accessTtl = duration(config, "GAARA_ACCESS_TOKEN_TTL", "15m");
        if (accessTtl.compareTo(Duration.ofSeconds(30)) < 0 || accessTtl.compareTo(Duration.ofHours(1)) > 0) {
            throw new ConfigurationException(
                    "GAARA_ACCESS_TOKEN_TTL must be between 30s and 1h: access tokens cannot be "
                            + "recalled once issued, only refused by live revocation");
        }
        SessionPolicy sessionPolicy;
        try {
            // a year at most: an expiry far enough out is past what PostgreSQL's timestamptz holds, and every login
            // would then fail on the insert
            sessionPolicy = new SessionPolicy(
                    bounded(config, "GAARA_SESSION_IDLE_TIMEOUT", "14d", Duration.ofMinutes(1), MAX_SESSION_LIFETIME),
                    bounded(
                            config,
                            "GAARA_SESSION_ABSOLUTE_LIFETIME",
                            "30d",
                            Duration.ofMinutes(1),
                            MAX_SESSION_LIFETIME),
                    bounded(config, "GAARA_REFRESH_REUSE_GRACE", "0s", Duration.ZERO, SessionPolicy.MAX_REUSE_GRACE));
        } catch (InvalidValueException e) {
            throw new ConfigurationException(
                    "GAARA_SESSION_IDLE_TIMEOUT / GAARA_SESSION_ABSOLUTE_LIFETIME / GAARA_REFRESH_REUSE_GRACE: "
                            + e.getMessage());
        }
        sessionPolicy = sessionPolicy.withMaxPerUser(integer(
                config,
                "GAARA_SESSIONS_MAX_PER_USER",
                SessionPolicy.DEFAULT_MAX_PER_USER,
                1,
                SessionPolicy.MAX_MAX_PER_USER));
        return new Settings(
                environment,
                dataDir(config),
                http(config, production),
                new DatabaseSettings(
                        database,
                        migrationDatabase,
                        poolSize,
                        databaseOptions(config),
                        databaseBreaker(config),
                        DatabaseTls.from(config, production)),
                JwtSettings.of(
                        text(config, "GAARA_JWT_ISSUER", "gaara"), text(config, "GAARA_JWT_AUDIENCE", "gaara-api")),
                accessTtl,
                sessionPolicy,
                argon2(config, production),
                loginFailureFloor(config),
                new SecretsSettings(
                        SecretBackends.parse(config.get("GAARA_SECRETS_BACKEND"), environment),
                        secretsCacheTtl(config),
                        secretsBreaker(config)),
                throttle(config),
                recovery(config, production),
                email(config, production),
                retention(config),
                securityLog(config));
    }

    /**
     * How long dead rows are kept ({@code GAARA_SESSION_RETENTION}, {@code GAARA_AUDIT_RETENTION},
     * {@code GAARA_SECRET_ACCESS_RETENTION}, each 1d to 3650d) and how the purge runs ({@code GAARA_PURGE_INTERVAL}, 1m
     * to 1d; {@code GAARA_PURGE_BATCH_SIZE}, 10 to 10000). docs/OPERATIONS.md, "Retention".
     */
    private static RetentionSettings retention(Map<String, String> config) {
        RetentionSettings defaults = RetentionSettings.defaults();
        Duration sessions = retentionDuration(config, "GAARA_SESSION_RETENTION", defaults.sessions());
        Duration audit = retentionDuration(config, "GAARA_AUDIT_RETENTION", defaults.audit());
        Duration secretAccess = retentionDuration(config, "GAARA_SECRET_ACCESS_RETENTION", defaults.secretAccess());
        Duration interval =
                duration(config, "GAARA_PURGE_INTERVAL", defaults.interval().toMinutes() + "m");
        if (interval.compareTo(RetentionSettings.MIN_INTERVAL) < 0
                || interval.compareTo(RetentionSettings.MAX_INTERVAL) > 0) {
            throw new ConfigurationException("GAARA_PURGE_INTERVAL must be between 1m and 1d");
        }
        int batch = integer(
                config,
                "GAARA_PURGE_BATCH_SIZE",
                defaults.batchSize(),
                RetentionSettings.MIN_BATCH,
                RetentionSettings.MAX_BATCH);
        return new RetentionSettings(sessions, audit, secretAccess, interval, batch);
    }

    private static Duration retentionDuration(Map<String, String> config, String name, Duration fallback) {
        Duration value = duration(config, name, fallback.toDays() + "d");
        if (value.compareTo(RetentionSettings.MIN_RETENTION) < 0
                || value.compareTo(RetentionSettings.MAX_RETENTION) > 0) {
            throw new ConfigurationException(name + " must be between 1d and 3650d");
        }
        return value;
    }

    private static SecurityLogSettings securityLog(Map<String, String> config) {
        Duration interval = duration(config, "GAARA_SECURITY_LOG_FLUSH_INTERVAL", "10s");
        if (interval.compareTo(SecurityLogSettings.MIN_FLUSH_INTERVAL) < 0
                || interval.compareTo(SecurityLogSettings.MAX_FLUSH_INTERVAL) > 0) {
            throw new ConfigurationException("GAARA_SECURITY_LOG_FLUSH_INTERVAL must be between 1s and 60s");
        }
        var defaults = SecurityLogAggregator.Limits.DEFAULT;
        return new SecurityLogSettings(
                interval,
                new SecurityLogAggregator.Limits(
                        integer(
                                config,
                                "GAARA_SECURITY_LOG_MAX_ADDRESSES",
                                defaults.maxAddresses(),
                                SecurityLogAggregator.Limits.MIN_ADDRESSES,
                                SecurityLogAggregator.Limits.MAX_ADDRESSES),
                        integer(
                                config,
                                "GAARA_SECURITY_LOG_ALERT_THRESHOLD",
                                (int) defaults.alertThreshold(),
                                1,
                                1_000_000)));
    }

    private static Path dataDir(Map<String, String> config) {
        try {
            return Path.of(text(config, "GAARA_DATA_DIR", "./.gaara"))
                    .toAbsolutePath()
                    .normalize();
        } catch (InvalidPathException e) {
            // the reason ("Nul character not allowed"), not the exception's message, which repeats the value
            throw new ConfigurationException("GAARA_DATA_DIR is not a usable path: " + e.getReason());
        }
    }

    /** Which provider sends email and from where ({@code GAARA_EMAIL_*}, {@code GAARA_SMTP_*}; docs/EMAIL.md). */
    private static EmailSettings email(Map<String, String> config, boolean production) {
        try {
            return EmailSettings.fromConfig(config, production);
        } catch (IllegalArgumentException e) {
            // the message names the variable at fault, never a secret (keys and passwords are not settings)
            throw new ConfigurationException("email: " + e.getMessage());
        }
    }

    /**
     * Where the links in emails point ({@code GAARA_PUBLIC_URL}, the product's front end; required in production, where
     * a link to localhost would be a broken email), how long a reset link and a verification link work
     * ({@code GAARA_PASSWORD_RESET_TTL}, {@code GAARA_EMAIL_VERIFY_TTL}), and whether an account signs in only once its
     * address is proven ({@code GAARA_REQUIRE_VERIFIED_EMAIL}: on by default in production, where it also keeps
     * registration from telling which addresses have accounts; off by default in development).
     */
    private static RecoveryPolicy recovery(Map<String, String> config, boolean production) {
        String url = blankToNull(config.get("GAARA_PUBLIC_URL"));
        if (url == null && production) {
            throw new ConfigurationException("GAARA_PUBLIC_URL is required in production: the front end's address, "
                    + "such as https://app.example.com, that reset and verification links in emails point to");
        }
        try {
            return new RecoveryPolicy(
                    bounded(config, "GAARA_PASSWORD_RESET_TTL", "30m", Duration.ofMinutes(5), Duration.ofHours(24)),
                    bounded(config, "GAARA_EMAIL_VERIFY_TTL", "24h", Duration.ofMinutes(5), Duration.ofDays(7)),
                    URI.create(url == null ? "http://localhost:8080" : url.strip()),
                    bool(config, "GAARA_REQUIRE_VERIFIED_EMAIL", production));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "GAARA_PUBLIC_URL / GAARA_PASSWORD_RESET_TTL / GAARA_EMAIL_VERIFY_TTL: " + e.getMessage());
        }
    }

    /** Brute-force and registration limits (docs/SECURITY.md has each default next to Keycloak's). */
    private static ThrottlePolicy throttle(Map<String, String> config) {
        LoginLimits defaults = LoginLimits.DEFAULT;
        Duration firstWait = duration(config, "GAARA_LOGIN_THROTTLE_FIRST_WAIT", "1s");
        LoginLimits login = valid(
                "GAARA_LOGIN_THROTTLE_FORGET_AFTER",
                () -> new LoginLimits(
                        bool(config, "GAARA_LOGIN_THROTTLE_ENABLED", defaults.enabled()),
                        backoff(config, "GAARA_LOGIN_THROTTLE_ACCOUNT_IP", defaults.accountFromIp(), firstWait),
                        backoff(config, "GAARA_LOGIN_THROTTLE_ACCOUNT", defaults.account(), firstWait),
                        backoff(config, "GAARA_LOGIN_THROTTLE_IP", defaults.ip(), firstWait),
                        duration(config, "GAARA_LOGIN_THROTTLE_FORGET_AFTER", "12h")));
        RegisterLimit register = valid(
                "GAARA_REGISTER_LIMIT_WINDOW",
                () -> new RegisterLimit(
                        bool(config, "GAARA_REGISTER_LIMIT_ENABLED", RegisterLimit.DEFAULT.enabled()),
                        integer(config, "GAARA_REGISTER_LIMIT_PER_IP", RegisterLimit.DEFAULT.perWindow(), 1, 1_000_000),
                        duration(config, "GAARA_REGISTER_LIMIT_WINDOW", "1h")));
        return new ThrottlePolicy(login, register);
    }

    /**
     * One scope's backoff: {@code <prefix>_FREE_FAILURES} and {@code <prefix>_MAX_WAIT}, with the shared first wait.
     */
    private static Backoff backoff(Map<String, String> config, String prefix, Backoff defaults, Duration firstWait) {
        int free = integer(config, prefix + "_FREE_FAILURES", defaults.freeFailures(), 0, Backoff.MAX_FREE_FAILURES);
        Duration maxWait =
                duration(config, prefix + "_MAX_WAIT", defaults.maxWait().toSeconds() + "s");
        return valid(
                "GAARA_LOGIN_THROTTLE_FIRST_WAIT / " + prefix + "_MAX_WAIT",
                () -> new Backoff(free, firstWait, maxWait));
    }

    /** Builds a value whose own rule (a domain record's check) names what is wrong; the message gains the variable. */
    private static <T> T valid(String names, Supplier<T> build) {
        try {
            return build.get();
        } catch (InvalidValueException e) {
            throw new ConfigurationException(names + ": " + e.getMessage());
        }
    }

    private static HttpSettings http(Map<String, String> config, boolean production) {
        HashingLaneSettings defaults = HashingLaneSettings.defaults();
        Duration maxWait =
                duration(config, "GAARA_HASHING_MAX_WAIT", defaults.maxWait().toMillis() + "ms");
        if (maxWait.compareTo(Duration.ofMillis(50)) < 0 || maxWait.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new ConfigurationException("GAARA_HASHING_MAX_WAIT must be between 50ms and 30s");
        }
        List<String> trustedProxies = Arrays.stream(
                        text(config, "GAARA_HTTP_TRUSTED_PROXIES", "").split(","))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
        try {
            return http(config, production, maxWait, defaults, trustedProxies);
        } catch (IllegalArgumentException e) {
            // the message names the entry, never anything secret
            throw new ConfigurationException("GAARA_HTTP_TRUSTED_PROXIES / GAARA_HTTP_CORS_ORIGINS: " + e.getMessage());
        }
    }

    private static HttpSettings http(
            Map<String, String> config,
            boolean production,
            Duration maxWait,
            HashingLaneSettings defaults,
            List<String> trustedProxies) {
        String host = text(config, "GAARA_HTTP_HOST", production ? "0.0.0.0" : "127.0.0.1");
        if (!production && !loopback(host) && !bool(config, "GAARA_DEV_ALLOW_NETWORK", false)) {
            throw new ConfigurationException("GAARA_HTTP_HOST=" + host + " in development mode: development runs a "
                    + "throw-away embedded database and generated keys, and listens on loopback only. Set "
                    + "ENVIRONMENT=production for a real deployment, or GAARA_DEV_ALLOW_NETWORK=true to serve "
                    + "development on the network knowingly");
        }
        return new HttpSettings(
                host,
                integer(config, "GAARA_HTTP_PORT", 8080, 0, 65535),
                integer(
                        config,
                        "GAARA_HTTP_MAX_REQUEST_BYTES",
                        HttpSettings.DEFAULT_MAX_REQUEST_BYTES,
                        1024,
                        1024 * 1024),
                HttpSettings.DEFAULT_DRAIN_TIMEOUT,
                integer(config, "GAARA_HTTP_MAX_CONNECTIONS", HttpSettings.DEFAULT_MAX_CONNECTIONS, 16, 1_000_000),
                new HashingLaneSettings(
                        integer(config, "GAARA_HASHING_THREADS", defaults.threads(), 1, 256),
                        integer(config, "GAARA_HASHING_QUEUE", defaults.queue(), 0, 10_000),
                        maxWait),
                trustedProxies,
                Arrays.stream(text(config, "GAARA_HTTP_CORS_ORIGINS", "").split(","))
                        .map(String::strip)
                        .filter(entry -> !entry.isEmpty())
                        .toList(),
                connectionTimeouts(config),
                bounded(
                        config,
                        "GAARA_HTTP_READINESS_CACHE",
                        HttpSettings.DEFAULT_READINESS_CACHE,
                        Duration.ZERO,
                        Duration.ofSeconds(10)),
                bounded(config, "GAARA_HTTP_HSTS_MAX_AGE", Duration.ZERO, Duration.ZERO, Duration.ofDays(730)));
    }

    /** Slow clients: idle connections, request heads and bodies that take too long (docs/OPERATIONS.md). */
    private static HttpSettings.ConnectionTimeouts connectionTimeouts(Map<String, String> config) {
        HttpSettings.ConnectionTimeouts defaults = HttpSettings.ConnectionTimeouts.DEFAULT;
        Duration idle = bounded(
                config, "GAARA_HTTP_IDLE_TIMEOUT", defaults.idle(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        Duration head = bounded(
                config, "GAARA_HTTP_HEADER_TIMEOUT", defaults.head(), Duration.ofSeconds(1), Duration.ofMinutes(10));
        if (head.compareTo(idle) > 0) {
            throw new ConfigurationException(
                    "GAARA_HTTP_HEADER_TIMEOUT cannot exceed GAARA_HTTP_IDLE_TIMEOUT (" + idle.toSeconds() + "s)");
        }
        return new HttpSettings.ConnectionTimeouts(
                idle,
                head,
                integer(config, "GAARA_HTTP_MIN_BODY_RATE", defaults.minBodyBytesPerSecond(), 0, 1_000_000));
    }

    /** A duration that must lie between {@code min} and {@code max}, both included. */
    private static Duration bounded(
            Map<String, String> config, String name, Duration fallback, Duration min, Duration max) {
        Duration value = duration(config, name, fallback.toMillis() + "ms");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigurationException(
                    name + " must be between " + min.toSeconds() + "s and " + max.toSeconds() + "s");
        }
        return value;
    }

    /** Whether {@code host} names this machine's loopback interface only (a literal or a name resolving to it). */
    static boolean loopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host.strip());
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * OWASP's argon2id minimums (Password Storage Cheat Sheet, one lane): the memory in KiB each iteration count needs
     * at least; from 5 iterations on, 7 MiB.
     */
    private static final int[] OWASP_MIN_MEMORY_KIB_BY_ITERATIONS = {47_104, 19_456, 12_288, 9_216, 7_168};

    private static Argon2Parameters argon2(Map<String, String> config, boolean production) {
        // at most the work bound at one pass: anything above would be refused by the work rule below, less clearly
        int memoryKib = integer(config, "GAARA_ARGON2_MEMORY_KIB", Argon2Parameters.OWASP.memoryKib(), 8192, (int)
                Argon2Parameters.MAX_WORK_KIB_PASSES);
        int iterations = integer(config, "GAARA_ARGON2_ITERATIONS", Argon2Parameters.OWASP.iterations(), 1, 64);
        int parallelism = integer(config, "GAARA_ARGON2_PARALLELISM", Argon2Parameters.OWASP.parallelism(), 1, 16);
        Argon2Parameters parameters = new Argon2Parameters(memoryKib, iterations, parallelism);
        if (parameters.work() > Argon2Parameters.MAX_WORK_KIB_PASSES) {
            throw new ConfigurationException("GAARA_ARGON2_MEMORY_KIB times GAARA_ARGON2_ITERATIONS must be at most "
                    + Argon2Parameters.MAX_WORK_KIB_PASSES + " (a login check must stay under the failure floor)");
        }
        int needed = OWASP_MIN_MEMORY_KIB_BY_ITERATIONS[Math.min(iterations, 5) - 1];
        if (production && memoryKib < needed) {
            throw new ConfigurationException("GAARA_ARGON2_MEMORY_KIB=" + memoryKib + " with GAARA_ARGON2_ITERATIONS="
                    + iterations + " is below OWASP's minimum for production: at least " + needed
                    + " KiB at that iteration count (47104/1, 19456/2, 12288/3, 9216/4, 7168/5+)");
        }
        return parameters;
    }

    /**
     * How long after it began every failed login is answered, so that the answer time does not tell which emails have
     * accounts or which accounts still carry a legacy hash. It must cover the slowest stored hash Gaara accepts (a
     * bcrypt hash at cost 12 or a PBKDF2-SHA256 one at 1,000,000 iterations: about 0.3 s on a 2-core server, see
     * docs/SECURITY.md).
     */
    private static Duration loginFailureFloor(Map<String, String> config) {
        Duration floor = duration(config, "GAARA_LOGIN_FAILURE_FLOOR", "1s");
        if (floor.isNegative() || floor.compareTo(LoginService.MAX_FAILURE_FLOOR) > 0) {
            throw new ConfigurationException("GAARA_LOGIN_FAILURE_FLOOR must be between 0s and "
                    + LoginService.MAX_FAILURE_FLOOR.toSeconds() + "s");
        }
        return floor;
    }

    /**
     * Extra JDBC parameters (e.g. {@code sslmode=verify-full}) for a DATABASE_URL secret in RDS JSON form, which
     * carries none.
     */
    private static String databaseOptions(Map<String, String> config) {
        String options = text(config, "GAARA_DATABASE_OPTIONS", "");
        if (!options.isEmpty() && !options.matches("[A-Za-z0-9_.\\-]+=[^&\\s]*(&[A-Za-z0-9_.\\-]+=[^&\\s]*)*")) {
            throw new ConfigurationException(
                    "GAARA_DATABASE_OPTIONS must be key=value pairs joined by &, e.g. sslmode=verify-full");
        }
        if (options.matches("(?i).*(^|&)(user|password)=.*")) {
            throw new ConfigurationException(
                    "GAARA_DATABASE_OPTIONS must not carry credentials; they come from DATABASE_URL");
        }
        return options;
    }

    private static Duration secretsCacheTtl(Map<String, String> config) {
        Duration ttl = duration(config, "GAARA_SECRETS_CACHE_TTL", "1h");
        if (ttl.compareTo(Duration.ofSeconds(10)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
            throw new ConfigurationException("GAARA_SECRETS_CACHE_TTL must be between 10s and 1d");
        }
        return ttl;
    }

    private static DatabaseBreakerSettings databaseBreaker(Map<String, String> config) {
        return new DatabaseBreakerSettings(
                integer(
                        config,
                        "GAARA_DATABASE_BREAKER_FAILURES",
                        DatabaseBreakerSettings.DEFAULT_FAILURES_TO_OPEN,
                        1,
                        100),
                breakerOpenFor(config, "GAARA_DATABASE_BREAKER_OPEN_FOR", DatabaseBreakerSettings.DEFAULT_OPEN_FOR));
    }

    private static SecretsBreakerSettings secretsBreaker(Map<String, String> config) {
        return new SecretsBreakerSettings(
                integer(
                        config,
                        "GAARA_SECRETS_BREAKER_FAILURES",
                        SecretsBreakerSettings.DEFAULT_FAILURES_TO_OPEN,
                        1,
                        100),
                breakerOpenFor(config, "GAARA_SECRETS_BREAKER_OPEN_FOR", SecretsBreakerSettings.DEFAULT_OPEN_FOR));
    }

    private static Duration breakerOpenFor(Map<String, String> config, String name, Duration fallback) {
        Duration openFor = duration(config, name, fallback.toMillis() + "ms");
        if (openFor.compareTo(Duration.ofMillis(100)) < 0 || openFor.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new ConfigurationException(name + " must be between 100ms and 10m");
        }
        return openFor;
    }

    private static PostgresSettings database(String name, String url, String user, String password, int poolSize) {
        String withUser = url;
        if (user != null && url.startsWith("jdbc:") && !url.matches("(?i).*[?&]user=.*")) {
            withUser =
                    url + (url.contains("?") ? "&" : "?") + "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        }
        PostgresSettings parsed;
        try {
            parsed = PostgresSettings.fromUrl(withUser, poolSize);
        } catch (RuntimeException e) {
            // never pass the parser's message on: it may quote the URL, password included
            throw new ConfigurationException(name + " must look like postgresql://user:pass@host:5432/db "
                    + "or jdbc:postgresql://host:5432/db"
                    + (name.equals("GAARA_DATABASE_URL")
                            ? " (with GAARA_DATABASE_USER / GAARA_DATABASE_PASSWORD)"
                            : "?user=..&password=.."));
        }
        if (password != null) {
            return new PostgresSettings(parsed.jdbcUrl(), parsed.user(), password, poolSize);
        }
        return parsed;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String text(Map<String, String> config, String name, String fallback) {
        String value = blankToNull(config.get(name));
        return value == null ? fallback : value.strip();
    }

    private static int integer(Map<String, String> config, String name, int fallback, int min, int max) {
        String value = blankToNull(config.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new ConfigurationException(name + " must be between " + min + " and " + max + "; got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number; got '" + value.strip() + "'");
        }
    }

    private static boolean bool(Map<String, String> config, String name, boolean fallback) {
        String value = blankToNull(config.get(name));
        if (value == null) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(name + " must be true or false; got '" + value.strip() + "'");
        };
    }

    /** A duration that must lie within {@code [min, max]}: the message names the variable and the range. */
    private static Duration bounded(
            Map<String, String> config, String name, String fallback, Duration min, Duration max) {
        Duration value = duration(config, name, fallback);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigurationException(name + " must be between " + Durations.format(min) + " and "
                    + Durations.format(max) + "; got '" + text(config, name, fallback) + "'");
        }
        return value;
    }

    private static Duration duration(Map<String, String> config, String name, String fallback) {
        return Durations.parse(name, text(config, name, fallback));
    }
}
