package io.gaara.adapters.persistence;

import io.gaara.application.TemporarilyUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads PostgreSQL's error codes out of Jdbi's wrapped exceptions. */
final class SqlErrors {
    static final String UNIQUE_VIOLATION = "23505";
    static final String CHECK_VIOLATION = "23514";
    /** Class 08: the connection could not be made or was lost. */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** admin_shutdown, crash_shutdown, cannot_connect_now: the server is stopping, crashed or still starting. */
    private static final Set<String> SERVER_GOING_AWAY = Set.of("57P01", "57P02", "57P03");
    /**
     * query_canceled (statement_timeout), lock_not_available (lock_timeout), idle_in_transaction_session_timeout: the
     * database is too slow or a row is held, and the same request may succeed if retried.
     */
    private static final Set<String> TIMED_OUT = Set.of("57014", "55P03", "25P03");
    /** query_canceled: a statement cut off by its timeout says the database is too slow for everybody. */
    private static final String STATEMENT_TIMED_OUT = "57014";

    private static final Logger LOG = LoggerFactory.getLogger(SqlErrors.class);

    private SqlErrors() {}

    /** Whether {@code e} was caused by a unique violation of {@code constraint}. */
    static boolean isUniqueViolation(Throwable e, String constraint) {
        return isViolation(e, UNIQUE_VIOLATION, constraint);
    }

    /** Whether {@code e} was caused by a failed CHECK {@code constraint}. */
    static boolean isCheckViolation(Throwable e, String constraint) {
        return isViolation(e, CHECK_VIOLATION, constraint);
    }

    private static boolean isViolation(Throwable e, String sqlState, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sqlState.equals(sql.getSQLState())) {
                ServerErrorMessage server = t instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
                return server == null || constraint.equals(server.getConstraint());
            }
        }
        return false;
    }

    /**
     * Whether {@code e} says the database cannot serve now, as opposed to refusing this statement: a lost or refused
     * connection, a server shutting down, a statement or lock wait cut off by its timeout, or no pooled connection free
     * in time (Hikari's {@link SQLTransientConnectionException}).
     */
    static boolean isUnavailable(Throwable e) {
        return isOutage(e, TIMED_OUT::contains);
    }

    /**
     * Whether {@code e} says the database itself has failed, which is what the circuit breaker counts: as
     * {@link #isUnavailable} but without the waits that one busy row or one slow transaction explains (a lock wait cut
     * off by {@code lock_timeout}, an idle transaction ended by the server), so that a hot row cannot open the breaker
     * for everybody.
     */
    static boolean isDatabaseDown(Throwable e) {
        return isOutage(e, STATEMENT_TIMED_OUT::equals);
    }

    /** A connection failure, a server going away, or a timeout whose SQLSTATE {@code timedOut} accepts. */
    private static boolean isOutage(Throwable e, Predicate<String> timedOut) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith(CONNECTION_EXCEPTION_CLASS)
                        || SERVER_GOING_AWAY.contains(state)
                        || timedOut.test(state)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Runs {@code work} (a port method's Jdbi calls) and turns a database outage into the application's
     * {@link TemporarilyUnavailableException}; every other error passes unchanged.
     */
    static <T> T unlessUnavailable(Supplier<T> work) {
        try {
            return work.get();
        } catch (JdbiException e) {
            if (isUnavailable(e)) {
                throw unavailable(e);
            }
            throw e;
        }
    }

    static void unlessUnavailable(Runnable work) {
        unlessUnavailable(() -> {
            work.run();
            return null;
        });
    }

    private static TemporarilyUnavailableException unavailable(JdbiException e) {
        // the state and the types say what happened; messages may quote the statement or the server's address
        LOG.warn("database unavailable (SQLState {}, {})", sqlState(e), causeChain(e));
        return new TemporarilyUnavailableException("The service is temporarily unavailable; retry shortly.");
    }

    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "none";
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && chain.length() < 300; t = t.getCause()) {
            chain.append(chain.length() == 0 ? "" : " < ").append(t.getClass().getSimpleName());
        }
        return chain.toString();
    }
}
