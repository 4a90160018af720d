package io.gaara.adapters.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.gaara.application.port.out.AuditTrail;
import io.gaara.application.port.out.SessionRepository;
import io.gaara.application.port.out.SessionRevocations;
import io.gaara.application.port.out.Transactions;
import io.gaara.application.port.out.UserRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one door bootstrap opens to PostgreSQL: it builds the pool, migrates the schema, starts the
 * revocation listener and hands out the out-ports; {@link #close()} undoes it in reverse.
 */
public final class PostgresPersistence implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPersistence.class);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    private static final int PING_TIMEOUT_SECONDS = 2;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final PostgresSessionRevocations revocations;
    private final UserRepository users;
    private final SessionRepository sessions;
    private final AuditTrail auditTrail;
    private final Transactions transactions;

    private PostgresPersistence(HikariDataSource dataSource, Jdbi jdbi, PostgresSessionRevocations revocations) {
        this.dataSource = dataSource;
        this.jdbi = jdbi;
        this.revocations = revocations;
        this.users = new JdbiUserRepository(jdbi);
        this.sessions = new JdbiSessionRepository(jdbi);
        this.auditTrail = new JdbiAuditTrail(jdbi);
        this.transactions = new JdbiTransactions(jdbi);
    }

    /**
     * Connects, migrates (several instances may start at once: Flyway serializes them with a
     * PostgreSQL advisory lock) and starts listening for revocations. Fails fast when the database
     * cannot be reached.
     *
     * @param accessTokenLifetime how long an access token lives: a revoked session is remembered this long (plus skew)
     * @param clock the application's clock, which also stamps revocations
     */
    public static PostgresPersistence start(PostgresSettings settings, Duration accessTokenLifetime, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        LOG.info("connecting to {} as {} (pool of {})", settings.jdbcUrl(), settings.user(), settings.maxPoolSize());
        HikariDataSource dataSource = new HikariDataSource(hikariConfig(settings));
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Jdbi jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
            // statements only: Jdbi's default message would print bound values (emails, password hashes)
            jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.SHORT_STATEMENT);
            PostgresSessionRevocations revocations = new PostgresSessionRevocations(
                    jdbi, () -> listenerConnection(settings), accessTokenLifetime, clock);
            revocations.start();
            return new PostgresPersistence(dataSource, jdbi, revocations);
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

    public AuditTrail auditTrail() {
        return auditTrail;
    }

    public Transactions transactions() {
        return transactions;
    }

    public SessionRevocations revocations() {
        return revocations;
    }

    /**
     * Readiness: the database answers {@code SELECT 1} within a couple of seconds (after waiting at
     * most the pool's connection timeout) and the revocation listener is connected.
     */
    public boolean ping() {
        if (!revocations.isListening()) {
            return false;
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(PING_TIMEOUT_SECONDS);
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            LOG.warn("database ping failed (SQLState {})", e.getSQLState());
            return false;
        }
    }

    /** Stops the listener, then closes the pool. */
    @Override
    public void close() {
        revocations.close();
        dataSource.close();
    }

    Jdbi jdbi() {
        return jdbi;
    }

    PostgresSessionRevocations sessionRevocations() {
        return revocations;
    }

    private static HikariConfig hikariConfig(PostgresSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("gaara-db");
        config.setJdbcUrl(settings.jdbcUrl());
        // named explicitly: a shaded jar may lose the driver's service registration
        config.setDriverClassName(org.postgresql.Driver.class.getName());
        config.setUsername(settings.user());
        if (settings.password() != null) {
            config.setPassword(settings.password());
        }
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        driverProperties("gaara").forEach((k, v) -> config.addDataSourceProperty((String) k, v));
        return config;
    }

    /** Opened outside the pool: the listener holds its connection for the life of the process. */
    static Connection listenerConnection(PostgresSettings settings) throws SQLException {
        Properties props = driverProperties("gaara-revocation-listener");
        props.setProperty("user", settings.user());
        if (settings.password() != null) {
            props.setProperty("password", settings.password());
        }
        props.setProperty("connectTimeout", Long.toString(CONNECTION_TIMEOUT.toSeconds()));
        // the driver directly rather than DriverManager, for the same reason as the pool
        Connection connection = new org.postgresql.Driver().connect(settings.jdbcUrl(), props);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the database URL", "08001");
        }
        return connection;
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
