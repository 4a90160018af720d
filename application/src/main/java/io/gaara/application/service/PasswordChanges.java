package io.gaara.application.service;

import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.SessionRevocations;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.User;
import java.time.Instant;
import java.util.Map;

/**
 * What every new password brings, whichever way it was set (a change while signed in, a reset by link): the hash
 * stored, the user's sessions ended on every instance (all of them, or all but the one that made the change), every
 * unspent link of the user dead, and the owner told by email. Runs inside the caller's transaction.
 */
final class PasswordChanges {
    private final UserRepository users;
    private final SessionRepository sessions;
    private final SessionRevocations revocations;
    private final OneTimeTokens tokens;
    private final EmailOutbox outbox;

    PasswordChanges(
            UserRepository users,
            SessionRepository sessions,
            SessionRevocations revocations,
            OneTimeTokens tokens,
            EmailOutbox outbox) {
        this.users = users;
        this.sessions = sessions;
        this.revocations = revocations;
        this.tokens = tokens;
        this.outbox = outbox;
    }

    /** @param keep the session that made the change, which stays; null to end every session */
    void apply(User user, PasswordHash hash, SessionId keep, RevocationReason reason, Instant now) {
        users.updatePasswordHash(user.id(), hash);
        for (Session session : sessions.findActiveByUser(user.id(), now)) {
            if (!session.id().equals(keep) && sessions.revoke(session.id(), now, reason)) {
                revocations.announce(session.id(), now);
            }
        }
        tokens.revokeAll(user.id(), now);
        outbox.enqueue(
                new OutboxEmail(user.email(), EmailTemplate.PASSWORD_CHANGED, Map.of("changed_at", now.toString())),
                now);
    }
}
