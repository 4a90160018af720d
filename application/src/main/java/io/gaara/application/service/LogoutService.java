package io.gaara.application.service;

import io.gaara.application.ExpiredRefreshTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.in.LogoutCommand;
import io.gaara.application.port.in.LogoutUseCase;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.security.SecurityLog;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.FailedTokenUse;
import io.gaara.domain.RefreshVerdict;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ends the session of a genuine refresh token (ASVS 7.4.1). Idempotent: a session that already ended stays ended and
 * the caller hears the same answer, so logout can be retried safely.
 */
public final class LogoutService implements LogoutUseCase {
    private final SessionRepository sessions;
    private final RefreshTokens refreshTokens;
    private final SessionRevocations revocations;
    private final Transactions transactions;
    private final Auditor auditor;
    private final SecurityLog securityLog;
    private final Clock clock;
    private final Duration reuseGrace;

    public LogoutService(
            SessionRepository sessions,
            RefreshTokens refreshTokens,
            SessionRevocations revocations,
            AuditTrail audit,
            Transactions transactions,
            SecurityLog securityLog,
            Clock clock,
            Duration reuseGrace) {
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.securityLog = securityLog;
        this.clock = clock;
        this.reuseGrace = reuseGrace;
    }

    @Override
    public void logout(LogoutCommand command) {
        RefreshTokenClaims claims;
        try {
            claims = refreshTokens.verify(command.refreshToken());
        } catch (ExpiredRefreshTokenException e) {
            throw e;
        } catch (InvalidRefreshTokenException e) {
            securityLog.failedTokenUse(FailedTokenUse.LOGOUT_TOKEN_INVALID, command.client());
            throw e;
        }
        Instant now = clock.instant();
        transactions.inTransaction(() -> {
            Optional<Session> found = sessions.findById(claims.sessionId());
            if (found.isEmpty()) {
                // a genuine signature naming no stored session: made with a stolen key, or kept past a purge of the
                // session
                securityLog.failedTokenUse(FailedTokenUse.LOGOUT_TOKEN_UNKNOWN, command.client());
                return;
            }
            // another user's: the tombstone of a deleted account (its pseudonym), whose client may well log out after
            Optional<Session> owned = found.filter(s -> s.userId().equals(claims.userId()));
            if (owned.isEmpty()) {
                return;
            }
            // a spent token is a spent token, even at logout: its holder may not be the user (RFC 9700 §4.14)
            boolean reused = owned.get().judge(claims.tokenId(), now, reuseGrace) == RefreshVerdict.REUSED;
            RevocationReason reason = reused ? RevocationReason.REFRESH_TOKEN_REUSE : RevocationReason.LOGOUT;
            if (sessions.revoke(claims.sessionId(), now, reason)) {
                revocations.announce(claims.sessionId(), now);
                if (reused) {
                    auditor.failure(
                            AuditEventType.REFRESH_TOKEN_REUSE,
                            claims.userId(),
                            claims.sessionId(),
                            command.client(),
                            "spent_token_at_logout");
                } else {
                    auditor.success(AuditEventType.LOGOUT, claims.userId(), claims.sessionId(), command.client());
                }
            }
        });
    }
}
