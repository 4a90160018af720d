package io.gaara.bootstrap;

import io.gaara.adapters.crypto.jwt.JjwtAccessTokens;
import io.gaara.adapters.crypto.jwt.JjwtRefreshTokens;
import io.gaara.adapters.crypto.password.Argon2PasswordHasher;
import io.gaara.adapters.crypto.password.ConcurrencyLimitedPasswordHasher;
import io.gaara.adapters.http.HttpApi;
import io.gaara.adapters.http.HttpServer;
import io.gaara.adapters.http.ReadinessProbe;
import io.gaara.adapters.http.ReadinessProbe.Readiness;
import io.gaara.adapters.persistence.DatabaseCredentialsSource;
import io.gaara.adapters.persistence.DatabaseSecret;
import io.gaara.adapters.persistence.EmbeddedPostgresServer;
import io.gaara.adapters.persistence.InvalidDatabaseSecretException;
import io.gaara.adapters.persistence.PostgresPersistence;
import io.gaara.adapters.persistence.PostgresSettings;
import io.gaara.adapters.secrets.audit.CompositeSecretAuditTrail;
import io.gaara.adapters.secrets.audit.DeferredSecretAuditTrail;
import io.gaara.adapters.secrets.audit.LoggingSecretAuditTrail;
import io.gaara.adapters.secrets.breaker.CircuitBreakingSecretStore;
import io.gaara.adapters.secrets.cache.CachingSecretStore;
import io.gaara.application.CommonPasswords;
import io.gaara.application.port.in.UseCases;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.service.UseCaseFactory;
import io.gaara.bootstrap.config.ConfigurationException;
import io.gaara.bootstrap.config.Environment;
import io.gaara.bootstrap.config.Settings;
import io.gaara.bootstrap.config.SigningSecrets;
import io.gaara.domain.PasswordPolicy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every adapter and service built with {@code new}, in start order, and closed in the reverse
 * order. Both {@link Gaara#main} and the end-to-end tests start Gaara here.
 */
public final class GaaraServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GaaraServer.class);

    private final Secrets secrets;
    private final Database database;
    private final SecurityLogFlusher securityLog;
    private final EmailDelivery email;
    private final HttpServer http;

    private GaaraServer(
            Secrets secrets, Database database, SecurityLogFlusher securityLog, EmailDelivery email, HttpServer http) {
        this.secrets = secrets;
        this.database = database;
        this.securityLog = securityLog;
        this.email = email;
        this.http = http;
    }

    /**
     * Start order: secrets (cached), signing keys, database, security log, tokens, use cases, HTTP. A failure closes
     * what was opened.
     *
     * @param backend the secrets backend(s), uncached: the server puts its own cache in front
     */
    public static GaaraServer start(Settings settings, SecretStore backend, Clock systemClock) {
        return start(settings, backend, systemClock, List.of());
    }

    /**
     * As {@link #start(Settings, SecretStore, Clock)}, with more for {@code /health/ready} to report (the Vault token's
     * state, from {@link io.gaara.bootstrap.config.SecretBackends#probes()}).
     */
    public static GaaraServer start(
            Settings settings, SecretStore backend, Clock systemClock, List<ReadinessProbe> backendProbes) {
        long started = System.nanoTime();
        // PostgreSQL keeps microseconds: a time must read back as it was written
        Clock clock = Clock.tick(systemClock, Duration.ofNanos(1_000));
        Secrets secrets = openSecrets(settings, backend, clock);
        Database database = null;
        SecurityLogFlusher securityLog = null;
        EmailDelivery email = null;
        try {
            SigningSecrets signing = SigningSecrets.resolve(
                    secrets.cache(), secrets.cache()::refreshNow, settings.environment(), settings.dataDir());
            database = openDatabase(settings, secrets.cache(), clock);
            secrets.storedAudit().attach(database.persistence().secretAuditTrail());
            // dead sessions, old audit and secret-access rows: deleted past their retention, on every instance
            database.persistence().startRetentionPurges(settings.retention());
            securityLog = SecurityLogFlusher.start(
                    settings.securityLog(), database.persistence().failedTokenUses(), clock);
            UseCases useCases = useCases(settings, database.persistence(), securityLog, signing, clock);
            email = EmailDelivery.start(
                    settings.email(),
                    settings.dataDir(),
                    secrets.cache(),
                    database.persistence().emailOutbox(),
                    clock);
            HttpServer http = startHttp(settings, useCases, database.persistence(), secrets, backendProbes);
            log.info(
                    "Gaara ready on http://{}:{} in {} ms (environment={}, secrets={}, database={})",
                    settings.http().host(),
                    http.port(),
                    (System.nanoTime() - started) / 1_000_000,
                    settings.environment().name().toLowerCase(Locale.ROOT),
                    secrets.cache().backendName(),
                    database.embedded() != null ? "embedded" : "external");
            return new GaaraServer(secrets, database, securityLog, email, http);
        } catch (RuntimeException | Error e) {
            closeQuietly(email);
            closeQuietly(securityLog);
            closeQuietly(database);
            closeQuietly(secrets);
            throw e;
        }
    }

    /**
     * The secrets cache in front of the circuit breaker in front of the backends, and the database half of their audit
     * (attached once the database is up).
     */
    private record Secrets(
            CachingSecretStore cache, CircuitBreakingSecretStore breaker, DeferredSecretAuditTrail storedAudit)
            implements AutoCloseable {
        @Override
        public void close() {
            storedAudit.detach();
            cache.close();
        }
    }

    private static Secrets openSecrets(Settings settings, SecretStore backend, Clock clock) {
        DeferredSecretAuditTrail storedAudit = new DeferredSecretAuditTrail(1_000);
        // the cache retries (its backoff) and serves stale; the breaker only keeps a dead backend from costing timeouts
        CircuitBreakingSecretStore breaker =
                CircuitBreakingSecretStore.around(backend, settings.secrets().breaker());
        CachingSecretStore cache = CachingSecretStore.builder(breaker)
                .ttl(settings.secrets().cacheTtl())
                .auditTrail(CompositeSecretAuditTrail.of(new LoggingSecretAuditTrail(), storedAudit))
                .clock(clock)
                .build();
        return new Secrets(cache, breaker, storedAudit);
    }

    /** The pool, migrations and revocation listener; in development possibly on an embedded server started here. */
    private record Database(PostgresPersistence persistence, EmbeddedPostgresServer embedded) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(persistence);
            closeQuietly(embedded);
        }
    }

    /**
     * {@code GAARA_DATABASE_URL}, else the {@code DATABASE_URL} secret (followed through rotations), else embedded in
     * development.
     */
    private static Database openDatabase(Settings settings, CachingSecretStore secrets, Clock clock) {
        Settings.DatabaseSettings db = settings.database();
        Duration accessTtl = settings.accessTokenTtl();
        if (db.url().isPresent()) {
            PostgresSettings url = db.url().get();
            db.tls().check(url, "GAARA_DATABASE_URL").ifPresent(log::warn);
            return new Database(
                    PostgresPersistence.start(
                            url,
                            DatabaseCredentialsSource.fixed(url.user(), url.password()),
                            migrationLogin(db, secrets),
                            accessTtl,
                            clock,
                            db.breaker()),
                    null);
        }
        Optional<Secret> databaseSecret = secrets.read(DatabaseSecret.NAME);
        if (databaseSecret.isPresent()) {
            PostgresSettings fromSecret;
            try {
                fromSecret = DatabaseSecret.parse(databaseSecret.get(), db.poolSize(), db.secretOptions());
            } catch (InvalidDatabaseSecretException e) {
                throw new ConfigurationException(e.getMessage());
            }
            db.tls()
                    .check(
                            fromSecret,
                            "the " + DatabaseSecret.NAME + " secret (with GAARA_DATABASE_OPTIONS added, e.g. "
                                    + "sslmode=verify-full&sslrootcert=/etc/gaara/db-ca.pem)")
                    .ifPresent(log::warn);
            return new Database(
                    PostgresPersistence.start(
                            fromSecret,
                            DatabaseSecret.credentials(secrets, secrets::refreshNow, db.poolSize()),
                            migrationLogin(db, secrets),
                            accessTtl,
                            clock,
                            db.breaker()),
                    null);
        }
        if (settings.environment() == Environment.PRODUCTION) {
            throw new ConfigurationException("a database is required in production: the secret " + DatabaseSecret.NAME
                    + " (postgresql://user:pass@host:5432/db, or RDS JSON) in " + secrets.backendName()
                    + ", or GAARA_DATABASE_URL; the embedded database is for development only");
        }
        Path directory = settings.dataDir().resolve("postgres");
        log.warn(
                "no DATABASE_URL secret and no GAARA_DATABASE_URL: "
                        + "starting an embedded PostgreSQL in {} (development only)",
                directory);
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start(directory, 0);
        try {
            return new Database(
                    PostgresPersistence.start(embedded.settings(db.poolSize()), accessTtl, clock, db.breaker()),
                    embedded);
        } catch (RuntimeException | Error e) {
            closeQuietly(embedded);
            throw e;
        }
    }

    /**
     * The login that migrates the schema when it is not the runtime one: {@code GAARA_DATABASE_MIGRATION_URL}, else the
     * {@code DATABASE_MIGRATION_URL} secret; null when neither is set (the runtime login migrates, and so needs to own
     * the schema). The runtime role then needs only to read and write rows (docs/OPERATIONS.md, Database roles).
     */
    private static PostgresSettings migrationLogin(Settings.DatabaseSettings db, CachingSecretStore secrets) {
        if (db.migrationUrl().isPresent()) {
            PostgresSettings migration = db.migrationUrl().get();
            db.tls().check(migration, "GAARA_DATABASE_MIGRATION_URL").ifPresent(log::warn);
            return migration;
        }
        Optional<Secret> secret = secrets.read(DatabaseSecret.MIGRATION_NAME);
        if (secret.isEmpty()) {
            return null;
        }
        PostgresSettings migration;
        try {
            migration = DatabaseSecret.parse(secret.get(), 1, db.secretOptions());
        } catch (InvalidDatabaseSecretException e) {
            throw new ConfigurationException(e.getMessage());
        }
        db.tls()
                .check(
                        migration,
                        "the " + DatabaseSecret.MIGRATION_NAME + " secret (with GAARA_DATABASE_OPTIONS added)")
                .ifPresent(log::warn);
        return migration;
    }

    private static UseCases useCases(
            Settings settings,
            PostgresPersistence persistence,
            SecurityLogFlusher securityLog,
            SigningSecrets signing,
            Clock clock) {
        var hasher = ConcurrencyLimitedPasswordHasher.perProcessor(new Argon2PasswordHasher(settings.argon2()));
        var access = new JjwtAccessTokens(signing.access(), settings.jwt(), settings.accessTokenTtl(), clock);
        var refresh = new JjwtRefreshTokens(signing.refresh(), settings.jwt(), clock);
        var ports = new UseCaseFactory.OutPorts(
                persistence.users(),
                persistence.sessions(),
                persistence.revocations(),
                persistence.auditTrail(),
                persistence.transactions(),
                persistence.attemptCounters(),
                hasher,
                access,
                refresh,
                persistence.oneTimeTokens(),
                persistence.emailOutbox(),
                securityLog.log());
        if (!settings.throttle().login().enabled()
                || !settings.throttle().register().enabled()) {
            log.warn(
                    "brute-force protection partly off (login throttle {}, register limit {}): for measurements only",
                    settings.throttle().login().enabled() ? "on" : "off",
                    settings.throttle().register().enabled() ? "on" : "off");
        }
        return UseCaseFactory.create(
                ports,
                new PasswordPolicy(CommonPasswords.load()),
                settings.sessionPolicy(),
                settings.throttle(),
                settings.recovery(),
                settings.loginFailureFloor(),
                clock);
    }

    private static HttpServer startHttp(
            Settings settings,
            UseCases useCases,
            PostgresPersistence persistence,
            Secrets secrets,
            List<ReadinessProbe> backendProbes) {
        // an open breaker pings nothing and says DOWN; past its open time the ping is its trial call
        ReadinessProbe database = ReadinessProbe.of(
                "database",
                () -> persistence.ping() ? Readiness.UP : Readiness.DOWN,
                () -> Optional.of(persistence.breakerState()));
        // served from the cache through an outage (breaker open or not): still ready, reported as degraded
        ReadinessProbe secretsProbe = ReadinessProbe.of(
                "secrets",
                () -> secrets.cache().health().degraded()
                                || !"CLOSED".equals(secrets.breaker().state())
                        ? Readiness.DEGRADED
                        : Readiness.UP,
                () -> Optional.of(secrets.breaker().state()));
        List<ReadinessProbe> probes = new ArrayList<>(List.of(database, secretsProbe));
        probes.addAll(backendProbes);
        return HttpApi.create(useCases, settings.http(), probes).start();
    }

    public int port() {
        return http.port();
    }

    /** The server's secrets cache: metrics, health and explicit refresh for operators and tests. */
    public CachingSecretStore secrets() {
        return secrets.cache();
    }

    /**
     * Stop order: stop taking requests and drain, then the security log's last write (no request can count any more,
     * the database is still open), the email worker (what it has not sent waits in the outbox), the secrets cache, the
     * database pool and listener, the embedded server.
     */
    @Override
    public void close() {
        log.info("Gaara stopping");
        try {
            http.stop();
        } finally {
            closeQuietly(securityLog);
            closeQuietly(email);
            closeQuietly(secrets);
            closeQuietly(database);
        }
        log.info("Gaara stopped");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn(
                    "error while closing {}: {}",
                    closeable.getClass().getSimpleName(),
                    e.getClass().getSimpleName());
        }
    }
}
