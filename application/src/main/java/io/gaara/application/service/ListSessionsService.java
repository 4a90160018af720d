package io.gaara.application.service;

import io.gaara.application.port.in.ListSessionsQuery;
import io.gaara.application.port.in.ListSessionsUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.SessionPage;
import io.gaara.application.port.in.SessionView;
import io.gaara.application.port.out.persistence.SessionPosition;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.domain.Session;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Pages through the caller's live sessions with a keyset cursor (the last listed session's creation time and id), not
 * an offset: a session added while a client pages is newer than any cursor, so it never pushes a session from one page
 * into the next, and none repeats or goes missing.
 */
public final class ListSessionsService implements ListSessionsUseCase {
    private final SessionRepository sessions;
    private final Clock clock;

    public ListSessionsService(SessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public SessionPage listSessions(ListSessionsQuery query) {
        Optional<SessionPosition> after = query.cursor().map(SessionCursors::decode);
        Principal principal = query.principal();
        // one more than asked: whether it exists says whether there is a next page
        List<Session> found = sessions.findActiveByUser(principal.userId(), clock.instant(), after, query.limit() + 1);
        List<Session> page = found.subList(0, Math.min(found.size(), query.limit()));
        Optional<String> next = Optional.empty();
        if (found.size() > query.limit()) {
            Session last = page.get(page.size() - 1);
            next = Optional.of(SessionCursors.encode(new SessionPosition(last.createdAt(), last.id())));
        }
        return new SessionPage(
                page.stream()
                        .map(s -> new SessionView(
                                s.id(),
                                s.createdAt(),
                                s.lastUsedAt(),
                                s.idleExpiresAt(),
                                s.client().ip(),
                                s.client().userAgent(),
                                s.id().equals(principal.sessionId())))
                        .toList(),
                next);
    }
}
