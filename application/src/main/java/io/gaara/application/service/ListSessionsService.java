package io.gaara.application.service;

import io.gaara.application.port.in.ListSessionsUseCase;
import io.gaara.application.port.in.Principal;
import io.gaara.application.port.in.SessionView;
import io.gaara.application.port.out.persistence.SessionRepository;
import java.time.Clock;
import java.util.List;

public final class ListSessionsService implements ListSessionsUseCase {
    private final SessionRepository sessions;
    private final Clock clock;

    public ListSessionsService(SessionRepository sessions, Clock clock) {
        this.sessions = sessions;
        this.clock = clock;
    }

    @Override
    public List<SessionView> listSessions(Principal principal) {
        return sessions.findActiveByUser(principal.userId(), clock.instant()).stream()
                .map(s -> new SessionView(
                        s.id(),
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.idleExpiresAt(),
                        s.client().ip(),
                        s.client().userAgent(),
                        s.id().equals(principal.sessionId())))
                .toList();
    }
}
