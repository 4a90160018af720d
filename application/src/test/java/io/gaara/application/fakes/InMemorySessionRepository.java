package io.gaara.application.fakes;

import io.gaara.application.port.out.persistence.SessionPosition;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.TokenId;
import io.gaara.domain.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

public final class InMemorySessionRepository implements SessionRepository {
    /**
     * PostgreSQL's order: newest first, then the greater id first. A uuid's text compares as PostgreSQL compares uuids
     * (unsigned, byte by byte), which {@link java.util.UUID#compareTo} does not.
     */
    private static final Comparator<Session> NEWEST_FIRST = Comparator.comparing(Session::createdAt)
            .thenComparing(s -> s.id().toString())
            .reversed();

    private final InMemoryDatabase db;

    public InMemorySessionRepository(InMemoryDatabase db) {
        this.db = db;
    }

    @Override
    public void add(Session session) {
        synchronized (db) {
            if (db.sessions.putIfAbsent(session.id(), session) != null) {
                throw new IllegalStateException("duplicate session id");
            }
        }
    }

    @Override
    public Optional<Session> findById(SessionId id) {
        synchronized (db) {
            return Optional.ofNullable((Session) db.sessions.get(id));
        }
    }

    @Override
    public boolean compareAndRotate(Session rotated, TokenId expectedCurrent) {
        synchronized (db) {
            Session stored = (Session) db.sessions.get(rotated.id());
            if (stored == null
                    || stored.revokedAt() != null
                    || !stored.currentTokenId().equals(expectedCurrent)) {
                return false;
            }
            db.sessions.put(rotated.id(), rotated);
            return true;
        }
    }

    @Override
    public boolean revoke(SessionId id, Instant at, RevocationReason reason) {
        synchronized (db) {
            Session stored = (Session) db.sessions.get(id);
            if (stored == null || stored.revokedAt() != null) {
                return false;
            }
            db.sessions.put(id, stored.revoke(at, reason));
            return true;
        }
    }

    @Override
    public List<SessionId> revokeAllOf(UserId userId, Instant at, RevocationReason reason) {
        synchronized (db) {
            List<SessionId> ended = new ArrayList<>();
            for (Object o : List.copyOf(db.sessions.values())) {
                Session s = (Session) o;
                if (s.userId().equals(userId) && s.revokedAt() == null) {
                    db.sessions.put(s.id(), s.revoke(at, reason));
                    ended.add(s.id());
                }
            }
            return ended;
        }
    }

    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now) {
        synchronized (db) {
            return db.sessions.values().stream()
                    .map(Session.class::cast)
                    .filter(s -> s.userId().equals(userId) && s.isActive(now))
                    .sorted(NEWEST_FIRST)
                    .toList();
        }
    }

    @Override
    public List<Session> findActiveByUser(UserId userId, Instant now, Optional<SessionPosition> after, int limit) {
        synchronized (db) {
            return findActiveByUser(userId, now).stream()
                    .filter(s -> after.map(position -> isAfter(s, position)).orElse(true))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public List<SessionId> revokeOldestBeyond(UserId userId, int keep, Instant now, RevocationReason reason) {
        synchronized (db) {
            List<Session> beyond =
                    findActiveByUser(userId, now).stream().skip(keep).toList();
            for (Session s : beyond) {
                db.sessions.put(s.id(), s.revoke(now, reason));
            }
            return beyond.stream().map(Session::id).toList();
        }
    }

    private static boolean isAfter(Session s, SessionPosition position) {
        int byTime = s.createdAt().compareTo(position.createdAt());
        return byTime < 0
                || (byTime == 0 && s.id().toString().compareTo(position.id().toString()) < 0);
    }

    @Override
    public int forgetUser(UserId userId, UserId pseudonym) {
        synchronized (db) {
            int changed = 0;
            for (Object o : List.copyOf(db.sessions.values())) {
                Session s = (Session) o;
                if (s.userId().equals(userId)) {
                    db.sessions.put(
                            s.id(),
                            new Session(
                                    s.id(),
                                    pseudonym,
                                    s.currentTokenId(),
                                    s.generation(),
                                    s.createdAt(),
                                    s.lastUsedAt(),
                                    s.idleExpiresAt(),
                                    s.absoluteExpiresAt(),
                                    s.revokedAt(),
                                    s.revocationReason(),
                                    new ClientInfo("", ""),
                                    s.previousTokenId()));
                    changed++;
                }
            }
            return changed;
        }
    }
}
