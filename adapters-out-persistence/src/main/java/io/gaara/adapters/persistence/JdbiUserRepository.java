package io.gaara.adapters.persistence;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.out.UserRepository;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The unique index on {@code users.email} is what makes two concurrent registrations of one email
 * fail one of them. Every method turns an unreachable database into {@code TemporarilyUnavailableException}.
 */
final class JdbiUserRepository implements UserRepository {
    private static final String COLUMNS = "id, email, password_hash, created_at";

    private final Jdbi jdbi;

    JdbiUserRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(User user) {
        SqlErrors.unlessUnavailable(() -> insert(user));
    }

    private void insert(User user) {
        try {
            jdbi.useHandle(h -> h.createUpdate("""
                            INSERT INTO users (id, email, password_hash, created_at, updated_at)
                            VALUES (:id, :email, :hash, :createdAt, :createdAt)""")
                    .bind("id", user.id().value())
                    .bind("email", user.email().value())
                    .bind("hash", user.passwordHash().value())
                    .bind("createdAt", Timestamps.toDb(user.createdAt()))
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            if (SqlErrors.isUniqueViolation(e, "users_email_key")) {
                // no cause attached: PostgreSQL's message would name the email
                throw new EmailAlreadyRegisteredException("An account with this email already exists.");
            }
            throw e;
        }
    }

    @Override
    public Optional<User> findByEmail(Email email) {
        return SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE email = :email")
                .bind("email", email.value())
                .map(JdbiUserRepository::map)
                .findOne()));
    }

    @Override
    public Optional<User> findById(UserId id) {
        return SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiUserRepository::map)
                .findOne()));
    }

    @Override
    public void updatePasswordHash(UserId id, PasswordHash hash) {
        SqlErrors.unlessUnavailable(() -> jdbi.useHandle(h -> h.createUpdate(
                        "UPDATE users SET password_hash = :hash, updated_at = now() WHERE id = :id")
                .bind("id", id.value())
                .bind("hash", hash.value())
                .execute()));
    }

    private static User map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new User(
                new UserId(rs.getObject("id", UUID.class)),
                new Email(rs.getString("email")),
                new PasswordHash(rs.getString("password_hash")),
                Timestamps.fromDb(rs, "created_at"));
    }
}
