package io.gaara.adapters.persistence;

import static io.gaara.adapters.persistence.GaaraJdbiPlugin.INSTANT;
import static io.gaara.adapters.persistence.GaaraJdbiPlugin.SESSION_ID;
import static io.gaara.adapters.persistence.GaaraJdbiPlugin.TOKEN_ID;
import static io.gaara.adapters.persistence.GaaraJdbiPlugin.USER_ID;

import io.gaara.domain.ClientInfo;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of {@code sessions} with the columns {@link JdbiSessionRepository} selects. */
final class SessionMapper implements RowMapper<Session> {
    @Override
    public Session map(ResultSet rs, StatementContext ctx) throws SQLException {
        String reason = rs.getString("revocation_reason");
        return new Session(
                SESSION_ID.map(rs, "id", ctx),
                USER_ID.map(rs, "user_id", ctx),
                TOKEN_ID.map(rs, "current_token_id", ctx),
                rs.getLong("generation"),
                INSTANT.map(rs, "created_at", ctx),
                INSTANT.map(rs, "last_used_at", ctx),
                INSTANT.map(rs, "idle_expires_at", ctx),
                INSTANT.map(rs, "absolute_expires_at", ctx),
                INSTANT.map(rs, "revoked_at", ctx),
                reason == null ? null : RevocationReason.fromCode(reason),
                new ClientInfo(rs.getString("client_ip"), rs.getString("user_agent")),
                TOKEN_ID.map(rs, "previous_token_id", ctx));
    }
}
