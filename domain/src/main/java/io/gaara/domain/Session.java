package io.gaara.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A login on one device, and the refresh-token family that keeps it alive. Exactly one token of the family is current;
 * presenting any other genuine token of the family is reuse (RFC 9700 §4.14) and ends the session.
 */
public record Session(
        SessionId id,
        UserId userId,
        TokenId currentTokenId,
        long generation,
        Instant createdAt,
        Instant lastUsedAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        Instant revokedAt,
        RevocationReason revocationReason,
        ClientInfo client,
        TokenId previousTokenId) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(currentTokenId, "currentTokenId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        Objects.requireNonNull(client, "client");
        if ((revokedAt == null) != (revocationReason == null)) {
            throw new IllegalArgumentException("revokedAt and revocationReason go together");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("generation starts at 1");
        }
    }

    /** A session that has not been rotated since this shape was loaded (no previous token known). */
    public Session(
            SessionId id,
            UserId userId,
            TokenId currentTokenId,
            long generation,
            Instant createdAt,
            Instant lastUsedAt,
            Instant idleExpiresAt,
            Instant absoluteExpiresAt,
            Instant revokedAt,
            RevocationReason revocationReason,
            ClientInfo client) {
        this(
                id,
                userId,
                currentTokenId,
                generation,
                createdAt,
                lastUsedAt,
                idleExpiresAt,
                absoluteExpiresAt,
                revokedAt,
                revocationReason,
                client,
                null);
    }

    /** A new session whose first refresh token is {@code firstToken}. */
    public static Session start(
            SessionId id, UserId userId, TokenId firstToken, Instant now, SessionPolicy policy, ClientInfo client) {
        Instant absolute = now.plus(policy.absoluteLifetime());
        return new Session(
                id,
                userId,
                firstToken,
                1,
                now,
                now,
                earlier(now.plus(policy.idleTimeout()), absolute),
                absolute,
                null,
                null,
                client);
    }

    /** What presenting the refresh token {@code presented} to this session means at {@code now}, with no grace. */
    public RefreshVerdict judge(TokenId presented, Instant now) {
        return judge(presented, now, Duration.ZERO);
    }

    /**
     * What presenting {@code presented} means at {@code now}. The token spent by the latest rotation, presented again
     * less than {@code reuseGrace} after that rotation, is {@link RefreshVerdict#SUPERSEDED} (a lost response being
     * retried, or a client racing itself) rather than reuse, as long as the session itself is still alive; any other
     * spent token is reuse. The window is anchored to the rotation: presenting the spent token again does not move it.
     */
    public RefreshVerdict judge(TokenId presented, Instant now, Duration reuseGrace) {
        if (revokedAt != null) {
            return RefreshVerdict.REVOKED;
        }
        boolean current = currentTokenId.equals(presented);
        // "no grace" must not depend on clocks: a request that read its clock before another one's rotation
        // committed sees now < lastUsedAt, which would otherwise pass for "within a grace of zero"
        boolean justSpent = !current
                && !reuseGrace.isZero()
                && presented.equals(previousTokenId)
                && now.isBefore(lastUsedAt.plus(reuseGrace));
        if (!current && !justSpent) {
            return RefreshVerdict.REUSED;
        }
        if (!now.isBefore(idleExpiresAt) || !now.isBefore(absoluteExpiresAt)) {
            return RefreshVerdict.EXPIRED;
        }
        return current ? RefreshVerdict.CURRENT : RefreshVerdict.SUPERSEDED;
    }

    /** The session after its current token was spent for {@code next}. */
    public Session rotate(TokenId next, Instant now, SessionPolicy policy) {
        return new Session(
                id,
                userId,
                next,
                generation + 1,
                createdAt,
                now,
                earlier(now.plus(policy.idleTimeout()), absoluteExpiresAt),
                absoluteExpiresAt,
                null,
                null,
                client,
                currentTokenId);
    }

    public Session revoke(Instant now, RevocationReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (revokedAt != null) {
            return this;
        }
        return new Session(
                id,
                userId,
                currentTokenId,
                generation,
                createdAt,
                lastUsedAt,
                idleExpiresAt,
                absoluteExpiresAt,
                now,
                reason,
                client,
                previousTokenId);
    }

    public boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(idleExpiresAt) && now.isBefore(absoluteExpiresAt);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
