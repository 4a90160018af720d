package io.gaara.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.application.port.out.secrets.SecretAuditTrail;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door bootstrap opens to PostgreSQL: it builds the pool, migrates the schema, starts the revocation listener
 * and hands out the out-ports; {@link #close()} undoes it in reverse.
 */
public final class PostgresPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPersistence.class);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int PING_TIMEOUT_SECONDS = 2;
    /** How long a new connection keeps trying fresh credentials while a rotation settles. */
    private static final Duration CREDENTIAL_RETRY_BUDGET = Duration.ofSeconds(10);
    /**
     * How long a request waits for a pooled connection before it is answered 503. Short, so that a saturated or
     * unreachable database costs a client two seconds rather than holding a request thread; the pool keeps creating
     * connections in the background meanwhile (under the credential retry budget, which is the data source's).
     */
    static final Duration POOL_WAIT = Duration.ofSeconds(2);
    /** Server-side bounds on a pooled connection's work: no request thread waits on the database for long. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(2);
    static final Duration IDLE_IN_TRANSACTION_TIMEOUT = Duration.ofSeconds(15);
    /** Client-side, longer than the statement timeout: a black-holed server is given up on, not waited for. */
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final DatabaseBreaker breaker;
    private final PostgresSessionRevocations revocations;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final AuditTrail auditTrail;
    private final SecretAuditTrail secretAuditTrail;
    private final Transactions transactions;
    private final JdbiAttemptCounters attemptCounters;
    private final AttemptCounterSweeper sweeper;
    private final JdbiEmailOutbox emailOutbox;
    private final JdbiOneTimeTokens oneTimeTokens;
    private final JdbiFailedTokenUseCounts failedTokenUses;
    private final OutboxAndTokenSweeper outboxAndTokenSweeper;
    private final Clock clock;
    private RetentionPurger retentionPurger;

    private PostgresPersistence(
            HikariDataSource dataSource, Jdbi jdbi, PostgresSessionRevocations revocations, Clock clock) {
        this.dataSource = dataSource;
        this.jdbi = jdbi;
        this.breaker = DatabaseBreaker.on(jdbi);
        this.revocations = revocations;
        this.users = new JdbiUserRepository(jdbi);
        this.sessions = new JdbiSessionRepository(jdbi);
        this.auditTrail = new JdbiAuditTrail(jdbi);
        this.secretAuditTrail = new JdbiSecretAuditTrail(jdbi);
        this.transactions = new JdbiTransactions(jdbi);
        this.attemptCounters = new JdbiAttemptCounters(jdbi);
        this.sweeper = new AttemptCounterSweeper(attemptCounters, clock).start(AttemptCounterSweeper.INTERVAL);
        this.emailOutbox = new JdbiEmailOutbox(jdbi);
        this.oneTimeTokens = new JdbiOneTimeTokens(jdbi);
        this.failedTokenUses = new JdbiFailedTokenUseCounts(jdbi);
        this.outboxAndTokenSweeper =
                new OutboxAndTokenSweeper(emailOutbox, oneTimeTokens, clock).start(OutboxAndTokenSweeper.INTERVAL);
        this.clock = clock;
    }

    /**
     * Starts deleting, on this instance, ended sessions, audit events and secret-access rows past their retention,
     * every {@link RetentionSettings#interval()} (the first time one interval from now); stopped by {@link #close()}.
     * Several instances may each run it: see {@link RetentionPurger}.
     */
    public synchronized void startRetentionPurges(RetentionSettings retention) {
        if (retentionPurger != null) {
            throw new IllegalStateException("retention purges already started");
        }
        retentionPurger = new RetentionPurger(jdbi, retention, clock).start();
    }

    /**
     * Connects, migrates (several instances may start at once: Flyway serializes them with a PostgreSQL advisory lock)
     * and starts listening for revocations. Fails fast when the database cannot be reached.
     *
     * @param accessTokenLifetime how long an access token lives: a revoked session is remembered this long (plus skew)
     * @param clock the application's clock, which also stamps revocations
     */
    public static PostgresPersistence start(PostgresSettings settings, Duration accessTokenLifetime, Clock clock) {
        return start(settings, accessTokenLifetime, clock, DatabaseBreakerSettings.defaults());
    }

    /** As {@link #start(PostgresSettings, Duration, Clock)}, with a circuit breaker of these settings. */
    public static PostgresPersistence start(
            PostgresSettings settings, Duration accessTokenLifetime, Clock clock, DatabaseBreakerSettings breaker) {
        Objects.requireNonNull(settings, "settings");
        return start(
                settings,
                DatabaseCredentialsSource.fixed(settings.user(), settings.password()),
                accessTokenLifetime,
                clock,
                breaker);
    }

    /**
     * As {@link #start(PostgresSettings, Duration, Clock)}, with logins that may rotate while the server runs: new
     * connections (pool and listener) ask {@code credentials} again when PostgreSQL refuses the login in use. The user
     * and password of {@code settings} are not used.
     */
    public static PostgresPersistence start(
            PostgresSettings settings,
            DatabaseCredentialsSource credentials,
            Duration accessTokenLifetime,
            Clock clock) {
        return start(settings, credentials, accessTokenLifetime, clock, DatabaseBreakerSettings.defaults());
    }

    /**
     * As {@link #start(PostgresSettings, DatabaseCredentialsSource, Duration, Clock)}, with a circuit breaker of these
     * settings in front of every port call and the readiness ping.
     */
    public static PostgresPersistence start(
            PostgresSettings settings,
            DatabaseCredentialsSource credentials,
            Duration accessTokenLifetime,
            Clock clock,
            DatabaseBreakerSettings breaker) {
        return start(settings, credentials, null, accessTokenLifetime, clock, breaker);
    }

    /**
     * As {@link #start(PostgresSettings, DatabaseCredentialsSource, Duration, Clock, DatabaseBreakerSettings)}, with
     * the schema migrated by another login than the pool's: {@code migration} owns the schema (it may create and alter
     * tables), while the pool's role needs only to read and write rows. Null: the pool's login migrates too.
     */
    public static PostgresPersistence start(
            PostgresSettings settings,
            DatabaseCredentialsSource credentials,
            PostgresSettings migration,
            Duration accessTokenLifetime,
            Clock clock,
            DatabaseBreakerSettings breaker) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(breaker, "breaker");
        LOG.info("connecting to {} (pool of {})", settings.redactedJdbcUrl(), settings.maxPoolSize());
        Properties connectProps = driverProperties("gaara");
        connectProps.setProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        Properties migrationProps = (Properties) connectProps.clone();
        migrationProps.setProperty("ApplicationName", "gaara-migrations");
        boundedWork(connectProps);
        RotatingCredentialsDataSource logins = new RotatingCredentialsDataSource(
                settings.jdbcUrl(), connectProps, credentials, CREDENTIAL_RETRY_BUDGET);
        if (migration != null) {
            LOG.info("migrating as {} on {}", migration.user(), migration.redactedJdbcUrl());
        }
        // migrations may take long and wait on the other instances' advisory lock: their own connections, unbounded
        RotatingCredentialsDataSource migrationLogins = migration == null
                ? new RotatingCredentialsDataSource(
                        settings.jdbcUrl(), migrationProps, credentials, CREDENTIAL_RETRY_BUDGET)
                : new RotatingCredentialsDataSource(
                        migration.jdbcUrl(),
                        migrationProps,
                        DatabaseCredentialsSource.fixed(migration.user(), migration.password()),
                        CREDENTIAL_RETRY_BUDGET);
        RotatingCredentialsDataSource listenerLogins = new RotatingCredentialsDataSource(
                settings.jdbcUrl(), listenerProperties(), credentials, CREDENTIAL_RETRY_BUDGET);
        HikariDataSource dataSource = new HikariDataSource(hikariConfig(settings, logins));
        try {
            Flyway.configure()
                    .dataSource(migrationLogins)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Jdbi jdbi =
                    Jdbi.create(dataSource).installPlugin(new PostgresPlugin()).installPlugin(new GaaraJdbiPlugin());
            // before any adapter is built on it: they all share this one breaker
            DatabaseBreaker.of(breaker).installOn(jdbi);
            PostgresSessionRevocations revocations =
                    new PostgresSessionRevocations(jdbi, listenerLogins::getConnection, accessTokenLifetime, clock);
            revocations.start();
            return new PostgresPersistence(dataSource, jdbi, revocations, clock);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    public UserRepository users() {
        return users;
    }

    public SessionRepository sessions() {
        return sessions;
    }

    /** Rows of every trip to the secrets backend. */
    public SecretAuditTrail secretAuditTrail() {
        return secretAuditTrail;
    }

    /** The security log's counts, for the aggregator bootstrap flushes into them. */
    public FailedTokenUseCounts failedTokenUses() {
        return failedTokenUses;
    }

    public AuditTrail auditTrail() {
        return auditTrail;
    }

    public Transactions transactions() {
        return transactions;
    }

    public SessionRevocations revocations() {
        return revocations;
    }

    /** Failed logins and registrations counted in one table every instance shares; expired rows swept here. */
    public AttemptCounters attemptCounters() {
        return attemptCounters;
    }

    /**
     * Email waiting to be sent; {@code enqueue} joins the transaction of {@link #transactions()}. Finished messages are
     * deleted here a week after they finished.
     */
    public EmailOutbox emailOutbox() {
        return emailOutbox;
    }

    /** Password-reset, verification and email-change tokens, as hashes; expired ones are deleted here. */
    public OneTimeTokens oneTimeTokens() {
        return oneTimeTokens;
    }

    /**
     * Readiness: the database answers {@code SELECT 1} within a couple of seconds (after waiting at most the pool's
     * connection timeout) and the revocation listener's last heartbeat notification came back within the last second.
     * The ping goes through the circuit breaker: while it is open the answer is false at once, and once it lets a trial
     * call through the ping may be that call, so an instance with no traffic still closes its breaker.
     */
    public boolean ping() {
        if (!revocations.isListening()) {
            return false;
        }
        try {
            return breaker.guard(() -> pingOnce());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The state of the database's circuit breaker: {@code CLOSED} (calls go through), {@code OPEN} (answered 503 at
     * once), {@code HALF_OPEN} (one trial call goes through).
     */
    public String breakerState() {
        return breaker.state();
    }

    private boolean pingOnce() {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.setQueryTimeout(PING_TIMEOUT_SECONDS);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            LOG.warn("database ping failed (SQLState {})", e.getSQLState());
            // Jdbi's own wrapper, so the breaker and the outage translation read it like any port call's failure
            throw new ConnectionException(e);
        }
    }

    /** Stops the sweepers and the listener, then closes the pool. */
    @Override
    public void close() {
        synchronized (this) {
            if (retentionPurger != null) {
                retentionPurger.close();
            }
        }
        outboxAndTokenSweeper.close();
        sweeper.close();
        revocations.close();
        dataSource.close();
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    Jdbi jdbi() {
        return jdbi;
    }

    PostgresSessionRevocations sessionRevocations() {
        return revocations;
    }

    private static HikariConfig hikariConfig(PostgresSettings settings, RotatingCredentialsDataSource logins) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gaara-db");
        // the pool asks this data source for every new connection, so a rotated password reaches new connections
        config.setDataSource(logins);
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(POOL_WAIT.toMillis());
        // a liveness check of a pooled connection must fit in the wait
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        return config;
    }

    /** Opened outside the pool: the listener holds its connection for the life of the process. */
    static Connection listenerConnection(PostgresSettings settings) throws SQLException {
        return new RotatingCredentialsDataSource(
                        settings.jdbcUrl(),
                        listenerProperties(),
                        DatabaseCredentialsSource.fixed(settings.user(), settings.password()),
                        Duration.ZERO)
                .getConnection();
    }

    private static Properties listenerProperties() {
        Properties props = driverProperties("gaara-revocation-listener");
        props.setProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        // a server that accepts the socket but never answers must not hold the listener's reconnect forever
        props.setProperty("loginTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        // no server-side prepared statements: behind a transaction pooler they fail on the next backend, which would
        // hide the real diagnosis (its heartbeat does not come back) behind driver errors
        props.setProperty("prepareThreshold", "0");
        return props;
    }

    /**
     * The pool's connections: a statement, a lock wait and an idle open transaction are each cut off by the server
     * (their SQLSTATEs are answered 503), and a server that stops answering by the socket timeout.
     */
    private static void boundedWork(Properties props) {
        props.setProperty(
                "options",
                "-c statement_timeout=" + STATEMENT_TIMEOUT.toMillis()
                        + " -c lock_timeout=" + LOCK_TIMEOUT.toMillis()
                        + " -c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION_TIMEOUT.toMillis());
        props.setProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
    }

    private static Properties driverProperties(String applicationName) {
        Properties props = new Properties();
        props.setProperty("ApplicationName", applicationName);
        // PostgreSQL's "Detail:" lines quote row values (an email in a unique violation): keep them out of exceptions
        props.setProperty("logServerErrorDetail", "false");
        props.setProperty("tcpKeepAlive", "true");
        return props;
    }
}
