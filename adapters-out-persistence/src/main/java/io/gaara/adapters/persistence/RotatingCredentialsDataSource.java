package io.gaara.adapters.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.postgresql.Driver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections with the login that last worked; when PostgreSQL refuses it (SQLState 28P01 or 28000: the secret
 * was rotated) it asks the credentials source again and tries current, pending and previous in turn, for a bounded
 * time. The AWS JDBC wrapper only re-reads the current version, so it fails during the window where the secret and the
 * database disagree; this one does not. Connections already open are untouched: a password change does not end existing
 * sessions.
 */
final class RotatingCredentialsDataSource implements DataSource {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingCredentialsDataSource.class);
    private static final Set<String> LOGIN_REFUSED = Set.of("28P01", "28000");

    private final String jdbcUrl;
    private final Properties driverProperties;
    private final DatabaseCredentialsSource source;
    private final Duration retryBudget;
    private final AtomicReference<DatabaseCredentials> lastGood = new AtomicReference<>();
    private final Driver driver = new Driver();

    RotatingCredentialsDataSource(
            String jdbcUrl, Properties driverProperties, DatabaseCredentialsSource source, Duration retryBudget) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.driverProperties = Objects.requireNonNull(driverProperties, "driverProperties");
        this.source = Objects.requireNonNull(source, "source");
        this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
    }

    @Override
    public Connection getConnection() throws SQLException {
        DatabaseCredentials known = lastGood.get();
        if (known != null) {
            try {
                return connect(known);
            } catch (SQLException e) {
                if (!LOGIN_REFUSED.contains(e.getSQLState())) {
                    throw e;
                }
                LOG.warn(
                        "database refused the login of secret version {} (SQLState {}); re-reading credentials",
                        known.versionId(),
                        e.getSQLState());
            }
        }
        return connectWithFreshCredentials(known);
    }

    private Connection connectWithFreshCredentials(DatabaseCredentials refused) throws SQLException {
        long deadline = System.nanoTime() + retryBudget.toNanos();
        long pauseMillis = 100;
        SQLException last = null;
        while (true) {
            Set<DatabaseCredentials> candidates = new LinkedHashSet<>(source.candidates());
            for (DatabaseCredentials candidate : candidates) {
                try {
                    Connection connection = connect(candidate);
                    if (lastGood.getAndSet(candidate) != null && !candidate.equals(refused)) {
                        LOG.info(
                                "database login now uses secret version {} (user {})",
                                candidate.versionId(),
                                candidate.user());
                    }
                    return connection;
                } catch (SQLException e) {
                    if (!LOGIN_REFUSED.contains(e.getSQLState())) {
                        throw e;
                    }
                    last = e;
                }
            }
            if (System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
                break;
            }
            // the rotation may be half done (secret written, database not yet altered): wait a little
            sleep(pauseMillis);
            pauseMillis = Math.min(pauseMillis * 2, 2_000);
        }
        throw last != null
                ? last
                : new SQLException("no database credentials available from the secrets backend", "28000");
    }

    private Connection connect(DatabaseCredentials credentials) throws SQLException {
        Properties props = new Properties();
        props.putAll(driverProperties);
        props.setProperty("user", credentials.user());
        if (credentials.password() != null) {
            props.setProperty("password", credentials.password());
        }
        Connection connection = driver.connect(jdbcUrl, props);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver does not accept the database URL", "08001");
        }
        return connection;
    }

    private static void sleep(long millis) throws SQLException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for rotated database credentials", "08001");
        }
    }

    /** Which secret version the pool logs in with now (diagnostics). */
    String currentVersion() {
        DatabaseCredentials c = lastGood.get();
        return c == null ? "none" : c.versionId();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the secrets backend");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used: logging goes through SLF4J
    }

    @Override
    public void setLoginTimeout(int seconds) {
        driverProperties.setProperty("loginTimeout", Integer.toString(seconds));
    }

    @Override
    public int getLoginTimeout() {
        return Integer.parseInt(driverProperties.getProperty("loginTimeout", "0"));
    }

    @Override
    @SuppressWarnings("checkstyle:inlineFullyQualifiedName") // JDBC names java.util.logging here; ours is SLF4J
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    static List<String> refusedStates() {
        return List.copyOf(LOGIN_REFUSED);
    }
}
