package io.gaara.application.service;

import io.gaara.application.port.in.LogoutAllCommand;
import io.gaara.application.port.in.LogoutAllUseCase;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.SessionId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Ends every session of the caller: the "I lost my phone" button. */
public final class LogoutAllService implements LogoutAllUseCase {
    private final SessionRepository sessions;
    private final SessionRevocations revocations;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;

    public LogoutAllService(
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
    public int logoutAll(LogoutAllCommand command) {
        Instant now = clock.instant();
        return transactions.inTransaction(() -> {
            List<SessionId> ended =
                    sessions.revokeAllOf(command.principal().userId(), now, RevocationReason.LOGOUT_ALL);
            ended.forEach(id -> revocations.announce(id, now));
            auditor.success(
                    AuditEventType.LOGOUT_ALL,
                    command.principal().userId(),
                    command.principal().sessionId(),
                    command.client());
            return ended.size();
        });
    }
}
