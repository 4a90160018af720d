package io.gaara.application.service;

import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.domain.Email;
import io.gaara.domain.RecoveryPolicy;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The emails that carry a one-time link, each written with its token in the caller's transaction: the token is stored
 * (as a hash) if and only if the email that carries it is queued. A new link of a kind replaces the user's earlier one.
 * The front-end pages the links open: {@code reset-password}, {@code verify-email} and {@code confirm-email-change},
 * each with the token in the fragment.
 */
final class AccountLinks {
    static final String RESET_PAGE = "reset-password";
    static final String VERIFY_PAGE = "verify-email";
    static final String CHANGE_PAGE = "confirm-email-change";

    private final OneTimeTokens tokens;
    private final EmailOutbox outbox;
    private final OneTimeTokenCodec codec;
    private final RecoveryPolicy policy;
    private final Clock clock;

    AccountLinks(
            OneTimeTokens tokens, EmailOutbox outbox, OneTimeTokenCodec codec, RecoveryPolicy policy, Clock clock) {
        this.tokens = tokens;
        this.outbox = outbox;
        this.codec = codec;
        this.policy = policy;
        this.clock = clock;
    }

    void sendPasswordReset(User user) {
        String link = issue(user, OneTimeTokens.Purpose.PASSWORD_RESET, null, policy.resetTokenTtl(), RESET_PAGE);
        queue(user.email(), EmailTemplate.PASSWORD_RESET, link, policy.resetTokenTtl(), Map.of());
    }

    /** A link proving the account's current address; it proves nothing once the account has moved to another. */
    void sendVerification(User user) {
        String link = issue(
                user, OneTimeTokens.Purpose.VERIFY_EMAIL, user.email().value(), policy.verifyTokenTtl(), VERIFY_PAGE);
        queue(user.email(), EmailTemplate.VERIFY_EMAIL, link, policy.verifyTokenTtl(), Map.of());
    }

    /** A link to the new address, which moves the account there when followed; a notice to the current one. */
    void sendEmailChange(User user, Email newEmail) {
        String link =
                issue(user, OneTimeTokens.Purpose.EMAIL_CHANGE, newEmail.value(), policy.verifyTokenTtl(), CHANGE_PAGE);
        queue(
                newEmail,
                EmailTemplate.EMAIL_CHANGE_VERIFY,
                link,
                policy.verifyTokenTtl(),
                Map.of("new_email", newEmail.value()));
        sendEmailChangeNotice(user, newEmail);
    }

    /** The notice to the current address alone: a change to an address the requester must not learn is taken. */
    void sendEmailChangeNotice(User user, Email newEmail) {
        outbox.enqueue(
                new OutboxEmail(user.email(), EmailTemplate.EMAIL_CHANGE_NOTICE, Map.of("new_email", newEmail.value())),
                clock.instant());
    }

    private String issue(User user, OneTimeTokens.Purpose purpose, String payload, Duration ttl, String page) {
        String token = codec.newToken();
        Instant now = clock.instant();
        tokens.issue(user.id(), purpose, OneTimeTokenCodec.hash(token), payload, now.plus(ttl), now);
        return policy.link(page, token);
    }

    private void queue(Email to, EmailTemplate template, String link, Duration ttl, Map<String, String> more) {
        Map<String, String> params = new HashMap<>(more);
        params.put("link", link);
        params.put("expires_in_minutes", String.valueOf(ttl.toMinutes()));
        outbox.enqueue(new OutboxEmail(to, template, Map.copyOf(params)), clock.instant());
    }
}
