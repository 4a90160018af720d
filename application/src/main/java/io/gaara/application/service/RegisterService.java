package io.gaara.application.service;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.in.RegisterUseCase;
import io.gaara.application.port.in.RegisteredUser;
import io.gaara.application.port.in.Registration;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A new account, and a link to prove its address. Where addresses must be proven before signing in, a taken address is
 * answered exactly like a free one ({@link Registration.Accepted}), with the same work on the way (the hash, one
 * counter statement, one transaction that queues an email) and at the same moment, {@code answerFloor} after the
 * request began (the floor of a failed login), and its owner gets a "someone tried to register with your address" email
 * instead; nobody learns from registration which addresses have accounts. Where they need not be, a taken address is an
 * error the client sees, as before.
 */
public final class RegisterService implements RegisterUseCase {
    /**
     * Registrations of one address that queue an email in {@link AddressRequests#WINDOW}, where a taken address is
     * answered like a free one: the first (its verification link) and then "someone tried to register" notices.
     */
    static final int EMAILS_PER_ADDRESS = AddressRequests.PER_ACCOUNT;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;
    private final RegistrationThrottle throttle;
    private final AccountLinks links;
    private final EmailOutbox outbox;
    private final AttemptCounters counters;
    private final boolean requireVerifiedEmail;
    private final Duration answerFloor;

    RegisterService(
            UserRepository users,
            PasswordHasher hasher,
            PasswordPolicy policy,
            Transactions transactions,
            Auditor auditor,
            Clock clock,
            RegistrationThrottle throttle,
            AccountLinks links,
            EmailOutbox outbox,
            AttemptCounters counters,
            boolean requireVerifiedEmail,
            Duration answerFloor) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.transactions = transactions;
        this.auditor = auditor;
        this.clock = clock;
        this.throttle = throttle;
        this.links = links;
        this.outbox = outbox;
        this.counters = counters;
        this.requireVerifiedEmail = requireVerifiedEmail;
        this.answerFloor = answerFloor;
    }

    @Override
    public Registration register(RegisterCommand command) {
        Instant began = clock.instant();
        policy.check(command.password());
        throttle.admit(command.client());
        // hash before touching the database: a connection is never held while a core burns 20 ms
        PasswordHash hash = hasher.hash(command.password());
        User user = new User(UserId.random(), command.email(), hash, clock.instant());
        // where a taken address is answered like a free one, one counter statement whichever it is: the owner of a
        // taken address gets a few notices an hour at most
        boolean noticesUsedUp = requireVerifiedEmail
                && counters.tryAcquire(
                                ThrottleKeys.requestAccount(
                                        "register", command.email().value()),
                                EMAILS_PER_ADDRESS,
                                AddressRequests.WINDOW,
                                user.createdAt())
                        .isPresent();
        try {
            transactions.inTransaction(() -> {
                users.add(user);
                links.sendVerification(user);
                auditor.success(AuditEventType.REGISTER, user.id(), null, command.client());
            });
        } catch (EmailAlreadyRegisteredException e) {
            if (!requireVerifiedEmail) {
                auditor.failure(AuditEventType.REGISTER_FAILURE, null, null, command.client(), "email_taken");
                throw e;
            }
            Instant now = clock.instant();
            transactions.inTransaction(() -> {
                if (!noticesUsedUp) {
                    outbox.enqueue(new OutboxEmail(command.email(), EmailTemplate.REGISTRATION_ATTEMPT, Map.of()), now);
                }
                auditor.failure(AuditEventType.REGISTER_ADDRESS_TAKEN, null, null, command.client(), "email_taken");
            });
            return accepted(began);
        }
        if (requireVerifiedEmail) {
            return accepted(began);
        }
        return new Registration.Created(new RegisteredUser(user.id(), user.email(), user.createdAt()));
    }

    private Registration.Accepted accepted(Instant began) {
        Duration left = answerFloor.minus(Duration.between(began, clock.instant()));
        return new Registration.Accepted(left.isNegative() ? Duration.ZERO : left);
    }
}
