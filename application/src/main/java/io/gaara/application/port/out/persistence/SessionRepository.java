package io.gaara.application.port.out.persistence;

import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Stores sessions and swaps their current refresh token atomically, so that a token is spent exactly once. */
public interface SessionRepository {
    void add(Session session);

    Optional<Session> findById(SessionId id);

    /**
     * Stores {@code rotated} only if the stored session is not revoked and its current token is still
     * {@code expectedCurrent}; of any number of concurrent calls with the same expected token, at most one returns
     * true.
     */
    boolean compareAndRotate(Session rotated, TokenId expectedCurrent);

    /** Ends a session; returns false when it was already ended or does not exist. */
    boolean revoke(SessionId id, Instant at, RevocationReason reason);

    /** Ends every live session of a user and returns the ids it ended. */
    List<SessionId> revokeAllOf(UserId userId, Instant at, RevocationReason reason);

    /**
     * The user's sessions that are not revoked and not expired at {@code now}, newest first (ties: greater id first).
     */
    List<Session> findActiveByUser(UserId userId, Instant now);

    /**
     * One page of {@link #findActiveByUser(UserId, Instant)}: at most {@code limit} sessions, in the same order, from
     * the one just after {@code after} (from the newest when empty). A keyset, not an offset: sessions added or ended
     * between two pages neither repeat nor push another out of the pages still to come.
     */
    List<Session> findActiveByUser(UserId userId, Instant now, Optional<SessionPosition> after, int limit);

    /**
     * Ends, for {@code reason}, the user's live sessions (not revoked, not expired at {@code now}) beyond the newest
     * {@code keep}, and returns their ids. Called in the transaction that added the user's new session: calls for one
     * user are serialised until that transaction ends, so that concurrent logins, on any instance, neither leave the
     * user above {@code keep} live sessions nor end more than that takes.
     */
    List<SessionId> revokeOldestBeyond(UserId userId, int keep, Instant now, RevocationReason reason);

    /**
     * For an account being deleted, once its sessions are revoked: every session row of {@code userId} now names
     * {@code pseudonym} instead and keeps no client address or user agent. The rows stay, holding only ids and times,
     * so that each instance, including one that reconnects after missing the announcement, still sees the sessions as
     * revoked and refuses their tokens. Returns how many rows it changed.
     */
    int forgetUser(UserId userId, UserId pseudonym);
}
