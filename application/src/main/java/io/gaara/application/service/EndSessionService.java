package io.gaara.application.service;

import io.gaara.application.SessionNotFoundException;
import io.gaara.application.port.in.EndSessionCommand;
import io.gaara.application.port.in.EndSessionUseCase;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.security.SecurityLog;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.FailedTokenUse;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends one live session of the caller; someone else's session answers exactly like a missing one, and both go to the
 * security log (an id of the caller's own that has already ended does not).
 */
public final class EndSessionService implements EndSessionUseCase {
    private final SessionRepository sessions;
    private final SessionRevocations revocations;
    private final Transactions transactions;
    private final Auditor auditor;
    private final SecurityLog securityLog;
    private final Clock clock;

    public EndSessionService(
            SessionRepository sessions,
            SessionRevocations revocations,
            AuditTrail audit,
            Transactions transactions,
            SecurityLog securityLog,
            Clock clock) {
        this.sessions = sessions;
        this.revocations = revocations;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.securityLog = securityLog;
        this.clock = clock;
    }

    @Override
    public void endSession(EndSessionCommand command) {
        Instant now = clock.instant();
        boolean ended = transactions.inTransaction(() -> {
            Optional<Session> mine = sessions.findById(command.sessionId())
                    .filter(s -> s.userId().equals(command.principal().userId()));
            if (mine.isEmpty()) {
                securityLog.failedTokenUse(FailedTokenUse.FOREIGN_SESSION_END, command.client());
                return false;
            }
            if (!mine.get().isActive(now)
                    || !sessions.revoke(command.sessionId(), now, RevocationReason.ENDED_BY_USER)) {
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
