package io.gaara.bootstrap;

import io.gaara.adapters.crypto.Argon2Parameters;
import io.gaara.adapters.crypto.Argon2PasswordHasher;
import io.gaara.adapters.crypto.ConcurrencyLimitedPasswordHasher;
import io.gaara.adapters.crypto.JjwtAccessTokens;
import io.gaara.adapters.crypto.JjwtRefreshTokens;
import io.gaara.adapters.crypto.JwtSettings;
import io.gaara.adapters.http.HttpApi;
import io.gaara.adapters.http.HttpServer;
import io.gaara.adapters.http.HttpSettings;
import io.gaara.adapters.http.ReadinessProbe;
import io.gaara.adapters.http.UseCases;
import io.gaara.adapters.persistence.DatabaseSecret;
import io.gaara.adapters.persistence.EmbeddedPostgresServer;
import io.gaara.adapters.persistence.InvalidDatabaseSecretException;
import io.gaara.adapters.persistence.PostgresPersistence;
import io.gaara.adapters.persistence.PostgresSettings;
import io.gaara.application.CommonPasswords;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.adapters.secrets.cache.CachingSecretStore;
import io.gaara.adapters.secrets.cache.CompositeSecretAuditTrail;
import io.gaara.adapters.secrets.cache.LoggingSecretAuditTrail;
import java.util.Optional;
import io.gaara.application.service.AuthenticateService;
import io.gaara.application.service.CurrentUserService;
import io.gaara.application.service.EndSessionService;
import io.gaara.application.service.ListSessionsService;
import io.gaara.application.service.LoginService;
import io.gaara.application.service.LogoutAllService;
import io.gaara.application.service.LogoutService;
import io.gaara.application.service.RefreshSessionService;
import io.gaara.application.service.RegisterService;
import io.gaara.domain.PasswordPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: every adapter and service built with {@code new}, in start order, and
 * closed in the reverse order. Both {@link Gaara#main} and the end-to-end tests start Gaara here.
 */
public final class GaaraServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GaaraServer.class);

    private final CachingSecretStore secrets;
    private final DeferredSecretAuditTrail storedSecretAudit;
    private final EmbeddedPostgresServer embeddedDatabase;
    private final PostgresPersistence persistence;
    private final HttpServer http;

    private GaaraServer(CachingSecretStore secrets, DeferredSecretAuditTrail storedSecretAudit,
            EmbeddedPostgresServer embeddedDatabase, PostgresPersistence persistence, HttpServer http) {
        this.secrets = secrets;
        this.storedSecretAudit = storedSecretAudit;
        this.embeddedDatabase = embeddedDatabase;
        this.persistence = persistence;
        this.http = http;
    }

    /**
     * Start order: secrets (cached), database, crypto, use cases, HTTP. A failure closes what was
     * opened.
     *
     * @param backend the secrets backend(s), uncached: the server puts its own cache in front
     */
    public static GaaraServer start(Settings settings, SecretStore backend, Clock systemClock) {
        long started = System.nanoTime();
        // PostgreSQL keeps microseconds: a time must read back as it was written
        Clock clock = Clock.tick(systemClock, Duration.ofNanos(1_000));
        DeferredSecretAuditTrail storedSecretAudit = new DeferredSecretAuditTrail(1_000);
        CachingSecretStore secrets = CachingSecretStore.builder(backend)
                .ttl(settings.secretsCacheTtl())
                .auditTrail(CompositeSecretAuditTrail.of(new LoggingSecretAuditTrail(), storedSecretAudit))
                .clock(clock)
                .build();

        EmbeddedPostgresServer embedded = null;
        PostgresPersistence persistence = null;
        try {
            SigningSecrets signing = SigningSecrets.resolve(secrets, settings);
            if (settings.database().isPresent()) {
                persistence = PostgresPersistence.start(settings.database().get(), settings.accessTokenTtl(), clock);
            } else {
                Optional<Secret> databaseSecret = secrets.read(DatabaseSecret.NAME);
                if (databaseSecret.isPresent()) {
                    PostgresSettings database;
                    try {
                        database = DatabaseSecret.parse(databaseSecret.get(), settings.databasePoolSize(),
                                settings.databaseOptions());
                    } catch (InvalidDatabaseSecretException e) {
                        throw new ConfigurationException(e.getMessage());
                    }
                    persistence = PostgresPersistence.start(database,
                            DatabaseSecret.credentials(secrets, secrets::refreshNow, settings.databasePoolSize()),
                            settings.accessTokenTtl(), clock);
                } else if (settings.environment() == Environment.PRODUCTION) {
                    throw new ConfigurationException("a database is required in production: the secret " + DatabaseSecret.NAME
                            + " (postgresql://user:pass@host:5432/db, or RDS JSON) in " + secrets.backendName()
                            + ", or GAARA_DATABASE_URL; the embedded database is for development only");
                } else {
                    log.warn("no DATABASE_URL secret and no GAARA_DATABASE_URL: starting an embedded PostgreSQL in {} "
                            + "(development only)", settings.dataDir().resolve("postgres"));
                    embedded = EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"), 0);
                    persistence = PostgresPersistence.start(embedded.settings(settings.databasePoolSize()),
                            settings.accessTokenTtl(), clock);
                }
            }

            storedSecretAudit.attach(persistence.secretAuditTrail());

            PasswordHasher hasher = ConcurrencyLimitedPasswordHasher.perProcessor(new Argon2PasswordHasher(
                    new Argon2Parameters(settings.argon2MemoryKib(), settings.argon2Iterations(), settings.argon2Parallelism())));
            JwtSettings jwt = new JwtSettings(settings.jwtIssuer(), settings.jwtAudience(), JwtSettings.MAX_CLOCK_SKEW);
            AccessTokens access = KidAwareTokens.access(new JjwtAccessTokens(signing.access(), jwt, settings.accessTokenTtl(), clock),
                    new KidAwareTokens.Refresher(SigningSecrets.ACCESS, signing.access(), secrets::refreshNow));
            RefreshTokens refresh = KidAwareTokens.refresh(new JjwtRefreshTokens(signing.refresh(), jwt, clock),
                    new KidAwareTokens.Refresher(SigningSecrets.REFRESH, signing.refresh(), secrets::refreshNow));

            var users = persistence.users();
            var sessions = persistence.sessions();
            var revocations = persistence.revocations();
            var audit = persistence.auditTrail();
            var tx = persistence.transactions();
            var policy = settings.sessionPolicy();
            UseCases useCases = new UseCases(
                    new RegisterService(users, hasher, new PasswordPolicy(CommonPasswords.load()), audit, tx, clock),
                    new LoginService(users, sessions, hasher, access, refresh, audit, tx, policy, clock),
                    new RefreshSessionService(sessions, access, refresh, revocations, audit, tx, policy, clock),
                    new LogoutService(sessions, refresh, revocations, audit, tx, clock, policy.reuseGrace()),
                    new LogoutAllService(sessions, revocations, audit, tx, clock),
                    new AuthenticateService(access, revocations),
                    new CurrentUserService(users),
                    new ListSessionsService(sessions, clock),
                    new EndSessionService(sessions, revocations, audit, tx, clock));

            PostgresPersistence db = persistence;
            ReadinessProbe databaseProbe = ReadinessProbe.of("database",
                    () -> db.ping() ? ReadinessProbe.Readiness.UP : ReadinessProbe.Readiness.DOWN);
            // served from the cache through an outage: still ready, reported as degraded
            ReadinessProbe secretsProbe = ReadinessProbe.of("secrets",
                    () -> secrets.health().degraded() ? ReadinessProbe.Readiness.DEGRADED : ReadinessProbe.Readiness.UP);
            HttpServer http = HttpApi.create(useCases,
                    new HttpSettings(settings.httpHost(), settings.httpPort(), settings.maxRequestBytes()),
                    List.of(databaseProbe, secretsProbe)).start();
            log.info("Gaara ready on http://{}:{} in {} ms (environment={}, secrets={}, database={})", settings.httpHost(),
                    http.port(), (System.nanoTime() - started) / 1_000_000, settings.environment().name().toLowerCase(),
                    secrets.backendName(), embedded != null ? "embedded" : "external");
            return new GaaraServer(secrets, storedSecretAudit, embedded, persistence, http);
        } catch (RuntimeException | Error e) {
            closeQuietly(persistence);
            closeQuietly(embedded);
            closeQuietly(secrets);
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** The server's secrets cache: metrics, health and explicit refresh for operators and tests. */
    public CachingSecretStore secrets() {
        return secrets;
    }

    /** Stop order: stop taking requests and drain, then the secrets cache, the database pool and listener, the embedded server. */
    @Override
    public void close() {
        log.info("Gaara stopping");
        try {
            http.stop();
        } finally {
            storedSecretAudit.detach();
            closeQuietly(secrets);
            closeQuietly(persistence);
            closeQuietly(embeddedDatabase);
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
            log.warn("error while closing {}: {}", closeable.getClass().getSimpleName(), e.getClass().getSimpleName());
        }
    }
}
