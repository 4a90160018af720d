package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.SessionPosition;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Sessions in one table. Every state change is a single conditional {@code UPDATE}, so PostgreSQL's row lock decides
 * races: of N concurrent refreshes with one token, exactly one matches the row. Every method turns an unreachable
 * database into {@code TemporarilyUnavailableException}.
 */
final class JdbiSessionRepository implements SessionRepository {
    private static final String COLUMNS = """
            id, user_id, current_token_id, generation, created_at, last_used_at, idle_expires_at,
            absolute_expires_at, revoked_at, revocation_reason, client_ip, user_agent, previous_token_id""";

    /**
     * The cap's statement, once the user's row is locked. {@code = ANY (ARRAY(...))} rather than {@code IN (...)}: the
     * list is computed first (an init plan) and the rows then fetched by key, where {@code IN} may be planned as a join
     * that reads the whole table. Package-private for the test that reads its plan.
     */
    static final String REVOKE_OLDEST_BEYOND = """
            UPDATE sessions SET revoked_at = :now, revocation_reason = :reason
             WHERE id = ANY (ARRAY(SELECT id FROM sessions
                                    WHERE user_id = :userId AND revoked_at IS NULL
                                      AND :now < idle_expires_at AND :now < absolute_expires_at
                                    ORDER BY created_at DESC, id DESC
                                   OFFSET :keep
                                      FOR UPDATE))
               AND revoked_at IS NULL
            RETURNING id""";

    /** Namespaces the cap's advisory lock keys (64-bit hashes of this and the user id). */
    static final String CAP_LOCK_PREFIX = "gaara.sessions.cap:";

    private final OutageTranslatingJdbi jdbi;

    JdbiSessionRepository(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public void add(Session s) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO sessions (" + COLUMNS + """
                        ) VALUES (:id, :userId, :currentTokenId, :generation, :createdAt, :lastUsedAt,
                                  :idleExpiresAt, :absoluteExpiresAt, :revokedAt, :revocationReason, :clientIp,
                                  :userAgent, :previousTokenId)""")
                .bind("id", s.id())
                .bind("userId", s.userId())
                .bind("currentTokenId", s.currentTokenId())
                .bind("generation", s.generation())
                .bind("createdAt", s.createdAt())
                .bind("lastUsedAt", s.lastUsedAt())
                .bind("idleExpiresAt", s.idleExpiresAt())
                .bind("absoluteExpiresAt", s.absoluteExpiresAt())
                .bindByType("revokedAt", s.revokedAt(), Instant.class)
                .bindByType(
                        "revocationReason",
                        s.revocationReason() == null
                                ? null
                                : s.revocationReason().code(),
                        String.class)
                .bind("clientIp", s.client().ip())
                .bind("userAgent", s.client().userAgent())
                .bindByType("previousTokenId", s.previousTokenId(), TokenId.class)
                .execute());
    }

    @Override
    public Optional<Session> findById(SessionId id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = :id")
                .bind("id", id)
                .mapTo(Session.class)
                .findOne());
    }

    @Override
    public boolean compareAndRotate(Session rotated, TokenId expectedCurrent) {
        // one statement: the check and the write cannot be split by a concurrent refresh
        int updated = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sessions
                           SET current_token_id = :next, previous_token_id = :expected, generation = :generation,
                               last_used_at = :lastUsedAt,
                               idle_expires_at = :idleExpiresAt, absolute_expires_at = :absoluteExpiresAt
                         WHERE id = :id AND current_token_id = :expected AND revoked_at IS NULL""")
                .bind("id", rotated.id())
                .bind("expected", expectedCurrent)
                .bind("next", rotated.currentTokenId())
                .bind("generation", rotated.generation())
                .bind("lastUsedAt", rotated.lastUsedAt())
                .bind("idleExpiresAt", rotated.idleExpiresAt())
                .bind("absoluteExpiresAt", rotated.absoluteExpiresAt())
                .execute());
        return updated == 1;
    }

    @Override
    public boolean revoke(SessionId id, Instant at, RevocationReason reason) {
        int updated = jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sessions SET revoked_at = :at, revocation_reason = :reason
                         WHERE id = :id AND revoked_at IS NULL""")
                .bind("id", id)
                .bind("at", at)
                .bind("reason", reason.code())
                .execute());
        return updated == 1;
    }

    @Override
    public List<SessionId> revokeAllOf(UserId userId, Instant at, RevocationReason reason) {
        return jdbi.withHandle(h -> h.createQuery("""
                        UPDATE sessions SET revoked_at = :at, revocation_reason = :reason
                         WHERE user_id = :userId AND revoked_at IS NULL
                        RETURNING id""")
                .bind("userId", userId)
                .bind("at", at)
                .bind("reason", reason.code())
                .mapTo(SessionId.class)
                .list());
    }

    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + """
                         FROM sessions
                        WHERE user_id = :userId AND revoked_at IS NULL
                          AND :now < idle_expires_at AND :now < absolute_expires_at
                        ORDER BY created_at DESC, id DESC""")
                .bind("userId", userId)
                .bind("now", now)
                .mapTo(Session.class)
                .list());
    }

    /**
     * A range scan of the live-sessions index ({@code sessions_live_by_user_idx}, V9) from the position on, stopping
     * after {@code limit} rows: never a read of the user's history, never of the pages before.
     */
    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now, Optional<SessionPosition> after, int limit) {
        return jdbi.withHandle(h -> {
            var query = h.createQuery(livePage(after.isPresent()))
                    .bind("userId", userId)
                    .bind("now", now)
                    .bind("limit", limit);
            after.ifPresent(position ->
                    query.bind("afterCreatedAt", position.createdAt()).bind("afterId", position.id()));
            return query.mapTo(Session.class).list();
        });
    }

    /**
     * The statement of a page: two texts rather than "(:after IS NULL OR ...)", which would keep the position out of
     * the index condition. Package-private for the test that reads its plan.
     */
    static String livePage(boolean after) {
        return "SELECT " + COLUMNS + """
                 FROM sessions
                WHERE user_id = :userId AND revoked_at IS NULL
                """ + (after ? "  AND (created_at, id) < (:afterCreatedAt, :afterId)\n" : "")
                + """
                  AND :now < idle_expires_at AND :now < absolute_expires_at
                ORDER BY created_at DESC, id DESC
                LIMIT :limit""";
    }

    /**
     * Takes a transaction-level advisory lock on the user first: a second login of the same user, on any instance,
     * waits here until the first one's transaction ends, and its own query, a new statement with a new snapshot, then
     * sees the session the first one added. Without it two logins would each miss the other's uncommitted session and
     * leave the user over the cap. Not the user's row lock: account deletion locks the user's sessions and then deletes
     * the user's row, and a login holding the row while waiting for a session would deadlock with it.
     */
    @Override
    public List<SessionId> revokeOldestBeyond(UserId userId, int keep, Instant now, RevocationReason reason) {
        return jdbi.withHandle(h -> h.inTransaction(tx -> {
            tx.createQuery("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                    .bind("key", CAP_LOCK_PREFIX + userId)
                    .mapTo(String.class)
                    .one();
            return tx.createQuery(REVOKE_OLDEST_BEYOND)
                    .bind("userId", userId)
                    .bind("keep", keep)
                    .bind("now", now)
                    .bind("reason", reason.code())
                    .mapTo(SessionId.class)
                    .list();
        }));
    }

    @Override
    public int forgetUser(UserId userId, UserId pseudonym) {
        return jdbi.withHandle(h -> h.createUpdate("""
                        UPDATE sessions SET user_id = :pseudonym, client_ip = '', user_agent = ''
                         WHERE user_id = :userId""")
                .bind("userId", userId)
                .bind("pseudonym", pseudonym)
                .execute());
    }
}
