package io.gaara.adapters.persistence;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the revocation listener's own connection, outside the pool: it is held for the life of the process. */
@FunctionalInterface
interface ListenerConnections {
    Connection open() throws SQLException;
}
