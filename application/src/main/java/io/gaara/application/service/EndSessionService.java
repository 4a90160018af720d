package io.gaara.application.service;

import io.gaara.application.SessionNotFoundException;
import io.gaara.application.port.in.EndSessionCommand;
import io.gaara.application.port.in.EndSessionUseCase;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.RevocationReason;
import java.time.Clock;
import java.time.Instant;

/** Ends one live session of the caller; someone else's session answers exactly like a missing one. */
public final class EndSessionService implements EndSessionUseCase {
    private final SessionRepository sessions;
    private final SessionRevocations revocations;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;

    public EndSessionService(
            SessionRepository sessions,
            SessionRevocations revocations,
            AuditTrail audit,
            Transactions transactions,
            Clock clock) {
        this.sessions = sessions;
        this.revocations = revocations;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.clock = clock;
    }

    @Override
    public void endSession(EndSessionCommand command) {
        Instant now = clock.instant();
        boolean ended = transactions.inTransaction(() -> {
            boolean mine = sessions.findById(command.sessionId())
                    .filter(s -> s.userId().equals(command.principal().userId()))
                    .filter(s -> s.isActive(now))
                    .isPresent();
            if (!mine || !sessions.revoke(command.sessionId(), now, RevocationReason.ENDED_BY_USER)) {
                return false;
            }
            revocations.announce(command.sessionId(), now);
            auditor.success(
                    AuditEventType.SESSION_ENDED, command.principal().userId(), command.sessionId(), command.client());
            return true;
        });
        if (!ended) {
            throw new SessionNotFoundException("No such session.");
        }
    }
}
