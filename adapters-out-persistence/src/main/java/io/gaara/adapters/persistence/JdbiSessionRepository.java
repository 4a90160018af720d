package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Sessions in one table. Every state change is a single conditional {@code UPDATE}, so PostgreSQL's
 * row lock decides races: of N concurrent refreshes with one token, exactly one matches the row.
 * Every method turns an unreachable database into {@code TemporarilyUnavailableException}.
 */
final class JdbiSessionRepository implements SessionRepository {
    private static final String COLUMNS = """
            id, user_id, current_token_id, generation, created_at, last_used_at, idle_expires_at,
            absolute_expires_at, revoked_at, revocation_reason, client_ip, user_agent, previous_token_id""";

    private final Jdbi jdbi;

    JdbiSessionRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void add(Session s) {
        SqlErrors.unlessUnavailable(() -> jdbi.useHandle(h -> h.createUpdate("INSERT INTO sessions (" + COLUMNS + """
                        ) VALUES (:id, :userId, :currentTokenId, :generation, :createdAt, :lastUsedAt, :idleExpiresAt,
                                  :absoluteExpiresAt, :revokedAt, :revocationReason, :clientIp, :userAgent, :previousTokenId)""")
                .bind("id", s.id().value())
                .bind("userId", s.userId().value())
                .bind("currentTokenId", s.currentTokenId().value())
                .bind("generation", s.generation())
                .bind("createdAt", Timestamps.toDb(s.createdAt()))
                .bind("lastUsedAt", Timestamps.toDb(s.lastUsedAt()))
                .bind("idleExpiresAt", Timestamps.toDb(s.idleExpiresAt()))
                .bind("absoluteExpiresAt", Timestamps.toDb(s.absoluteExpiresAt()))
                .bindByType("revokedAt", Timestamps.toDb(s.revokedAt()), OffsetDateTime.class)
                .bindByType("revocationReason", s.revocationReason() == null ? null : s.revocationReason().code(), String.class)
                .bind("clientIp", s.client().ip())
                .bind("userAgent", s.client().userAgent())
                .bindByType("previousTokenId", s.previousTokenId() == null ? null : s.previousTokenId().value(), UUID.class)
                .execute()));
    }

    @Override
    public Optional<Session> findById(SessionId id) {
        return SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", id.value())
                .map(JdbiSessionRepository::map)
                .findOne()));
    }

    @Override
    public boolean compareAndRotate(Session rotated, TokenId expectedCurrent) {
        // one statement: the check and the write cannot be split by a concurrent refresh
        int updated = SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sessions
                           SET current_token_id = :next, previous_token_id = :expected, generation = :generation,
                               last_used_at = :lastUsedAt,
                               idle_expires_at = :idleExpiresAt, absolute_expires_at = :absoluteExpiresAt
                         WHERE id = :id AND current_token_id = :expected AND revoked_at IS NULL""")
                .bind("id", rotated.id().value())
                .bind("expected", expectedCurrent.value())
                .bind("next", rotated.currentTokenId().value())
                .bind("generation", rotated.generation())
                .bind("lastUsedAt", Timestamps.toDb(rotated.lastUsedAt()))
                .bind("idleExpiresAt", Timestamps.toDb(rotated.idleExpiresAt()))
                .bind("absoluteExpiresAt", Timestamps.toDb(rotated.absoluteExpiresAt()))
                .execute()));
        return updated == 1;
    }

    @Override
    public boolean revoke(SessionId id, Instant at, RevocationReason reason) {
        int updated = SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sessions SET revoked_at = :at, revocation_reason = :reason
                         WHERE id = :id AND revoked_at IS NULL""")
                .bind("id", id.value())
                .bind("at", Timestamps.toDb(at))
                .bind("reason", reason.code())
                .execute()));
        return updated == 1;
    }

    @Override
    public List<SessionId> revokeAllOf(UserId userId, Instant at, RevocationReason reason) {
        return SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createQuery("""
                        UPDATE sessions SET revoked_at = :at, revocation_reason = :reason
                         WHERE user_id = :userId AND revoked_at IS NULL
                        RETURNING id""")
                .bind("userId", userId.value())
                .bind("at", Timestamps.toDb(at))
                .bind("reason", reason.code())
                .map((rs, ctx) -> new SessionId(rs.getObject("id", UUID.class)))
                .list()));
    }

    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now) {
        return SqlErrors.unlessUnavailable(() -> jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + """
                         FROM sessions
                        WHERE user_id = :userId AND revoked_at IS NULL
                          AND :now < idle_expires_at AND :now < absolute_expires_at
                        ORDER BY created_at DESC, id""")
                .bind("userId", userId.value())
                .bind("now", Timestamps.toDb(now))
                .map(JdbiSessionRepository::map)
                .list()));
    }

    private static Session map(ResultSet rs, StatementContext ctx) throws SQLException {
        String reason = rs.getString("revocation_reason");
        UUID previous = rs.getObject("previous_token_id", UUID.class);
        return new Session(
                new SessionId(rs.getObject("id", UUID.class)),
                new UserId(rs.getObject("user_id", UUID.class)),
                new TokenId(rs.getObject("current_token_id", UUID.class)),
                rs.getLong("generation"),
                Timestamps.fromDb(rs, "created_at"),
                Timestamps.fromDb(rs, "last_used_at"),
                Timestamps.fromDb(rs, "idle_expires_at"),
                Timestamps.fromDb(rs, "absolute_expires_at"),
                Timestamps.fromDb(rs, "revoked_at"),
                reason == null ? null : RevocationReason.fromCode(reason),
                new ClientInfo(rs.getString("client_ip"), rs.getString("user_agent")),
                previous == null ? null : new TokenId(previous));
    }
}
