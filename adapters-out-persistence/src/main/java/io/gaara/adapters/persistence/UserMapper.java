package io.gaara.adapters.persistence;

import static io.gaara.adapters.persistence.GaaraJdbiPlugin.INSTANT;
import static io.gaara.adapters.persistence.GaaraJdbiPlugin.USER_ID;

import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** A row of {@code users} with the columns {@link JdbiUserRepository} selects. */
final class UserMapper implements RowMapper<User> {
    @Override
    public User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                USER_ID.map(rs, "id", ctx),
                new Email(rs.getString("email")),
                new PasswordHash(rs.getString("password_hash")),
                INSTANT.map(rs, "created_at", ctx),
                INSTANT.map(rs, "email_verified_at", ctx));
    }
}
