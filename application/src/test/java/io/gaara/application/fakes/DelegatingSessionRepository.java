package io.gaara.application.fakes;

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

/** A repository that passes every call on, for a test to override the one step where another request interleaves. */
public class DelegatingSessionRepository implements SessionRepository {
    private final SessionRepository delegate;

    public DelegatingSessionRepository(SessionRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public void add(Session session) {
        delegate.add(session);
    }

    @Override
    public Optional<Session> findById(SessionId id) {
        return delegate.findById(id);
    }

    @Override
    public boolean compareAndRotate(Session rotated, TokenId expectedCurrent) {
        return delegate.compareAndRotate(rotated, expectedCurrent);
    }

    @Override
    public boolean revoke(SessionId id, Instant at, RevocationReason reason) {
        return delegate.revoke(id, at, reason);
    }

    @Override
    public List<SessionId> revokeAllOf(UserId userId, Instant at, RevocationReason reason) {
        return delegate.revokeAllOf(userId, at, reason);
    }

    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now) {
        return delegate.findActiveByUser(userId, now);
    }

    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now, Optional<SessionPosition> after, int limit) {
        return delegate.findActiveByUser(userId, now, after, limit);
    }

    @Override
    public List<SessionId> revokeOldestBeyond(UserId userId, int keep, Instant now, RevocationReason reason) {
        return delegate.revokeOldestBeyond(userId, keep, now, reason);
    }

    @Override
    public int forgetUser(UserId userId, UserId pseudonym) {
        return delegate.forgetUser(userId, pseudonym);
    }
}
