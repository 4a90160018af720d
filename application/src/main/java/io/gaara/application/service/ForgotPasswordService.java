package io.gaara.application.service;

import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.port.in.ForgotPasswordCommand;
import io.gaara.application.port.in.ForgotPasswordUseCase;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.RecoveryPolicy;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * "I forgot my password": a reset link to the address if it has an account, the same answer either way.
 *
 * <p>Nothing about the answer depends on the address: both kinds count against the same limits (one statement each),
 * and the caller is told to answer {@code answerFloor} after the request began, which covers the token and outbox
 * writes that only an existing account costs. A source asking too often is refused ({@code 429}, which says nothing of
 * the address); an address asked for too often gets no more email for a while, silently, so nobody can flood a
 * stranger's inbox. A new link makes the ones before it stop working.
 */
public final class ForgotPasswordService implements ForgotPasswordUseCase {
    /** Reset requests a source may make in {@link #WINDOW}. */
    static final int PER_SOURCE = 10;
    /** Reset emails an address may receive in {@link #WINDOW}. */
    static final int PER_ACCOUNT = 3;

    static final Duration WINDOW = Duration.ofHours(1);
    static final String TOO_MANY = "Too many reset requests from this address; retry later.";

    private final UserRepository users;
    private final OneTimeTokens tokens;
    private final EmailOutbox outbox;
    private final AttemptCounters counters;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;
    private final OneTimeTokenCodec codec;
    private final RecoveryPolicy recovery;
    private final Duration answerFloor;

    ForgotPasswordService(
            UserRepository users,
            OneTimeTokens tokens,
            EmailOutbox outbox,
            AttemptCounters counters,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            OneTimeTokenCodec codec,
            RecoveryPolicy recovery,
            Duration answerFloor) {
        this.users = users;
        this.tokens = tokens;
        this.outbox = outbox;
        this.counters = counters;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.clock = clock;
        this.codec = codec;
        this.recovery = recovery;
        this.answerFloor = answerFloor;
    }

    @Override
    public Duration forgotPassword(ForgotPasswordCommand command) {
        Instant began = clock.instant();
        Optional<Instant> sourceFull =
                counters.tryAcquire(ThrottleKeys.forgotIp(command.client().ip()), PER_SOURCE, WINDOW, began);
        if (sourceFull.isPresent()) {
            throw new TooManyAttemptsException(TOO_MANY, Duration.between(began, sourceFull.get()));
        }
        boolean addressFull = counters.tryAcquire(
                        ThrottleKeys.forgotAccount(command.email()), PER_ACCOUNT, WINDOW, began)
                .isPresent();
        Optional<User> found = parse(command.email()).flatMap(users::findByEmail);
        if (found.isPresent() && !addressFull) {
            User user = found.get();
            String token = codec.newToken();
            Instant now = clock.instant();
            Instant expires = now.plus(recovery.resetTokenTtl());
            transactions.inTransaction(() -> {
                tokens.issue(
                        user.id(),
                        OneTimeTokens.Purpose.PASSWORD_RESET,
                        OneTimeTokenCodec.hash(token),
                        null,
                        expires,
                        now);
                outbox.enqueue(
                        new OutboxEmail(
                                user.email(),
                                EmailTemplate.PASSWORD_RESET,
                                Map.of(
                                        "link",
                                        recovery.link("reset-password", token),
                                        "expires_in_minutes",
                                        String.valueOf(recovery.resetTokenTtl().toMinutes()))),
                        now);
                auditor.success(AuditEventType.PASSWORD_RESET_REQUESTED, user.id(), null, command.client());
            });
        }
        Duration left = answerFloor.minus(Duration.between(began, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Optional<Email> parse(String text) {
        try {
            return Optional.of(new Email(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
