package io.gaara.application.service;

import io.gaara.application.ExpiredRefreshTokenException;
import io.gaara.application.InvalidRefreshTokenException;
import io.gaara.application.port.in.RefreshCommand;
import io.gaara.application.port.in.RefreshSessionUseCase;
import io.gaara.application.port.in.TokenPair;
import io.gaara.application.port.out.crypto.AccessTokens;
import io.gaara.application.port.out.crypto.RefreshTokenClaims;
import io.gaara.application.port.out.crypto.RefreshTokens;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.application.port.out.security.SecurityLog;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.FailedTokenUse;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Refresh-token rotation with reuse detection (RFC 9700 §4.14, ASVS 10.4.5): each refresh spends the presented token
 * and issues the next of its family; a spent token presented again ends the whole family, because either the client or
 * an attacker holds a copy and we cannot tell which.
 *
 * <p>With a reuse grace configured, the token spent by the latest rotation, presented again less than the grace after
 * that rotation, is answered with the family's <em>current</em> token issued again (no second rotation): the client
 * whose refresh response was lost, and the loser of two refreshes sent at once, get a pair that works, the retry is
 * idempotent, and the family keeps exactly one live token. Rotating again instead would hand each retry a different
 * token and spend the one the other request already received.
 */
public final class RefreshSessionService implements RefreshSessionUseCase {
    static final String INVALID = "The refresh token is invalid, expired or revoked.";

    private final SessionRepository sessions;
    private final UserRepository users;
    private final RefreshTokens refreshTokens;
    private final SessionRevocations revocations;
    private final SessionTokens tokens;
    private final Transactions transactions;
    private final Auditor auditor;
    private final SecurityLog securityLog;
    private final SessionPolicy sessionPolicy;
    private final Clock clock;

    public RefreshSessionService(
            SessionRepository sessions,
            UserRepository users,
            AccessTokens accessTokens,
            RefreshTokens refreshTokens,
            SessionRevocations revocations,
            AuditTrail audit,
            Transactions transactions,
            SecurityLog securityLog,
            SessionPolicy sessionPolicy,
            Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.tokens = new SessionTokens(accessTokens, refreshTokens, clock);
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.securityLog = securityLog;
        this.sessionPolicy = sessionPolicy;
        this.clock = clock;
    }

    @Override
    public TokenPair refresh(RefreshCommand command) {
        // signature first: a forged token never costs a database round trip
        RefreshTokenClaims claims = verified(command);
        // the transaction commits the revocation of a reused family before we answer 401; the user is read in it for
        // the access token's email_verified claim, from the repository's short cache when it has the user: a refresh
        // stays one round trip, and a claim can lag a verification made on another instance by that cache's lifetime,
        // only ever towards "not verified" (a verification is never undone); login reads the account uncached
        Optional<Issue> rotated = transactions.inTransaction(() -> rotate(claims, command.client())
                .flatMap(session -> users.findById(session.userId()).map(user -> new Issue(session, user))));
        Issue issue = rotated.orElseThrow(() -> new InvalidRefreshTokenException(INVALID));
        return tokens.issueFor(issue.session(), issue.user().emailVerified());
    }

    private record Issue(Session session, User user) {}

    private RefreshTokenClaims verified(RefreshCommand command) {
        try {
            return refreshTokens.verify(command.refreshToken());
        } catch (ExpiredRefreshTokenException e) {
            throw e;
        } catch (InvalidRefreshTokenException e) {
            securityLog.failedTokenUse(FailedTokenUse.REFRESH_TOKEN_INVALID, command.client());
            throw e;
        }
    }

    private Optional<Session> rotate(RefreshTokenClaims claims, ClientInfo client) {
        Instant now = clock.instant();
        Optional<Session> found = sessions.findById(claims.sessionId());
        if (found.isEmpty()) {
            // a genuine signature naming no stored session: made with a stolen key, or kept past a purge of the session
            securityLog.failedTokenUse(FailedTokenUse.REFRESH_TOKEN_UNKNOWN, client);
            auditor.failure(
                    AuditEventType.REFRESH_FAILURE, claims.userId(), claims.sessionId(), client, "unknown_session");
            return Optional.empty();
        }
        if (!found.get().userId().equals(claims.userId())) {
            // the tombstone of a deleted account, which names a pseudonym: the token's user id must not be written
            // next to that session, or the trail would tie the pseudonym back to the account
            auditor.failure(AuditEventType.REFRESH_FAILURE, null, claims.sessionId(), client, "unknown_session");
            return Optional.empty();
        }
        Session session = found.get();
        switch (session.judge(claims.tokenId(), now, sessionPolicy.reuseGrace())) {
            case REVOKED:
                auditor.failure(
                        AuditEventType.REFRESH_FAILURE, session.userId(), session.id(), client, "session_revoked");
                return Optional.empty();
            case EXPIRED:
                auditor.failure(
                        AuditEventType.REFRESH_FAILURE, session.userId(), session.id(), client, "session_expired");
                return Optional.empty();
            case SUPERSEDED:
                // the latest rotation's answer went missing (or a twin request won): hand out its current token again
                auditor.success(
                        AuditEventType.REFRESH, session.userId(), session.id(), client, "reissued_within_grace");
                return Optional.of(session);
            case REUSED:
                revokeFamily(session, client, now, "spent_token_presented");
                return Optional.empty();
            case CURRENT:
                Session next = session.rotate(TokenId.random(), now, sessionPolicy);
                if (sessions.compareAndRotate(next, claims.tokenId())) {
                    auditor.success(AuditEventType.REFRESH, session.userId(), session.id(), client);
                    return Optional.of(next);
                }
                return lostTheSwap(session, claims.tokenId(), client, now);
            default:
                throw new IllegalStateException("unhandled verdict");
        }
    }

    /** The conditional swap failed: ask why before calling it theft. */
    private Optional<Session> lostTheSwap(Session read, TokenId presented, ClientInfo client, Instant now) {
        Optional<Session> fresh = sessions.findById(read.id());
        if (fresh.isEmpty() || fresh.get().revokedAt() != null) {
            // a logout committed between our read and our write: the session ended, nobody stole it
            auditor.failure(AuditEventType.REFRESH_FAILURE, read.userId(), read.id(), client, "session_revoked");
            return Optional.empty();
        }
        // another request spent this very token between our read and our write
        if (sessionPolicy.reuseGrace().isZero()) {
            revokeFamily(read, client, now, "concurrent_spend");
            return Optional.empty();
        }
        Session winner = fresh.get();
        switch (winner.judge(presented, now, sessionPolicy.reuseGrace())) {
            case SUPERSEDED:
                // the twin request won the swap: both answers carry the same, current token
                auditor.success(
                        AuditEventType.REFRESH, read.userId(), read.id(), client, "concurrent_reissued_within_grace");
                return Optional.of(winner);
            case EXPIRED:
                auditor.failure(AuditEventType.REFRESH_FAILURE, read.userId(), read.id(), client, "session_expired");
                return Optional.empty();
            default:
                // the family moved on by more than one rotation since we read it: a spent token like any other
                revokeFamily(read, client, now, "concurrent_spend");
                return Optional.empty();
        }
    }

    private void revokeFamily(Session session, ClientInfo client, Instant now, String detail) {
        sessions.revoke(session.id(), now, RevocationReason.REFRESH_TOKEN_REUSE);
        revocations.announce(session.id(), now);
        auditor.failure(AuditEventType.REFRESH_TOKEN_REUSE, session.userId(), session.id(), client, detail);
    }
}
