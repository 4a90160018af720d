package io.gaara.adapters.persistence;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** Reads PostgreSQL's error codes out of Jdbi's wrapped exceptions. */
final class SqlErrors {
    static final String UNIQUE_VIOLATION = "23505";

    private SqlErrors() {
    }

    /** Whether {@code e} was caused by a unique violation of {@code constraint}. */
    static boolean isUniqueViolation(Throwable e, String constraint) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                ServerErrorMessage server = t instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
                return server == null || constraint.equals(server.getConstraint());
            }
        }
        return false;
    }
}
