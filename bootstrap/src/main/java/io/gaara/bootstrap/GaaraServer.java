package io.gaara.bootstrap;

import io.gaara.adapters.crypto.Argon2Parameters;
import io.gaara.adapters.crypto.Argon2PasswordHasher;
import io.gaara.adapters.crypto.ConcurrencyLimitedPasswordHasher;
import io.gaara.adapters.crypto.HmacKey;
import io.gaara.adapters.crypto.HmacKeyRing;
import io.gaara.adapters.crypto.JjwtAccessTokens;
import io.gaara.adapters.crypto.JjwtRefreshTokens;
import io.gaara.adapters.crypto.JwtSettings;
import io.gaara.adapters.http.HttpApi;
import io.gaara.adapters.http.HttpServer;
import io.gaara.adapters.http.HttpSettings;
import io.gaara.adapters.http.ReadinessProbe;
import io.gaara.adapters.http.UseCases;
import io.gaara.adapters.persistence.EmbeddedPostgresServer;
import io.gaara.adapters.persistence.PostgresPersistence;
import io.gaara.adapters.persistence.PostgresSettings;
import io.gaara.application.CommonPasswords;
import io.gaara.application.port.out.AccessTokens;
import io.gaara.application.port.out.PasswordHasher;
import io.gaara.application.port.out.RefreshTokens;
import io.gaara.application.port.out.SecretStore;
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
import java.nio.charset.StandardCharsets;
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

    private final EmbeddedPostgresServer embeddedDatabase;
    private final PostgresPersistence persistence;
    private final HttpServer http;

    private GaaraServer(EmbeddedPostgresServer embeddedDatabase, PostgresPersistence persistence, HttpServer http) {
        this.embeddedDatabase = embeddedDatabase;
        this.persistence = persistence;
        this.http = http;
    }

    /** Start order: secrets, database, crypto, use cases, HTTP. A failure closes what was opened. */
    public static GaaraServer start(Settings settings, SecretStore secrets, Clock systemClock) {
        long started = System.nanoTime();
        // PostgreSQL keeps microseconds: a time must read back as it was written
        Clock clock = Clock.tick(systemClock, Duration.ofNanos(1_000));
        SigningSecrets signing = SigningSecrets.resolve(secrets, settings);

        EmbeddedPostgresServer embedded = null;
        PostgresPersistence persistence = null;
        try {
            PostgresSettings database;
            if (settings.database().isPresent()) {
                database = settings.database().get();
            } else {
                log.warn("GAARA_DATABASE_URL is not set: starting an embedded PostgreSQL in {} (development only)",
                        settings.dataDir().resolve("postgres"));
                embedded = EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"), 0);
                database = embedded.settings(settings.databasePoolSize());
            }
            persistence = PostgresPersistence.start(database, settings.accessTokenTtl(), clock);

            PasswordHasher hasher = ConcurrencyLimitedPasswordHasher.perProcessor(new Argon2PasswordHasher(
                    new Argon2Parameters(settings.argon2MemoryKib(), settings.argon2Iterations(), settings.argon2Parallelism())));
            JwtSettings jwt = new JwtSettings(settings.jwtIssuer(), settings.jwtAudience(), JwtSettings.MAX_CLOCK_SKEW);
            HmacKeyRing accessRing = ring(signing.access());
            HmacKeyRing refreshRing = ring(signing.refresh());
            AccessTokens access = new JjwtAccessTokens(() -> accessRing, jwt, settings.accessTokenTtl(), clock);
            RefreshTokens refresh = new JjwtRefreshTokens(() -> refreshRing, jwt, clock);

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
            ReadinessProbe databaseProbe = new ReadinessProbe() {
                @Override
                public String name() {
                    return "database";
                }

                @Override
                public boolean isReady() {
                    return db.ping();
                }
            };
            HttpServer http = HttpApi.create(useCases,
                    new HttpSettings(settings.httpHost(), settings.httpPort(), settings.maxRequestBytes()),
                    List.of(databaseProbe)).start();
            log.info("Gaara ready on http://{}:{} in {} ms (environment={}, secrets={}, database={})", settings.httpHost(),
                    http.port(), (System.nanoTime() - started) / 1_000_000, settings.environment().name().toLowerCase(),
                    secrets.backendName(), embedded != null ? "embedded" : database.jdbcUrl());
            return new GaaraServer(embedded, persistence, http);
        } catch (RuntimeException | Error e) {
            closeQuietly(persistence);
            closeQuietly(embedded);
            throw e;
        }
    }

    private static HmacKeyRing ring(io.gaara.application.port.out.Secret secret) {
        return HmacKeyRing.of(HmacKey.of(secret.versionId(), secret.value().getBytes(StandardCharsets.UTF_8)));
    }

    public int port() {
        return http.port();
    }

    /** Stop order: stop taking requests and drain, then the database pool and listener, then the embedded server. */
    @Override
    public void close() {
        log.info("Gaara stopping");
        try {
            http.stop();
        } finally {
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
