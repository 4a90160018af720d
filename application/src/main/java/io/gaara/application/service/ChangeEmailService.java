package io.gaara.application.service;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.in.ChangeEmailCommand;
import io.gaara.application.port.in.ChangeEmailUseCase;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A signed-in user asks to move the account to a new address, confirming the password ({@link PasswordConfirmation}): a
 * link goes to the new address and a notice to the current one, and nothing changes until the link is followed. The
 * notice lets the owner react if it was not them.
 *
 * <p>A new address another account holds is refused where registration would refuse it too (addresses need no proof).
 * Where registration answers alike for taken and free addresses, so does this, and nothing in the requester's view
 * differs: the same answer at the same moment ({@code answerFloor} after the request began), the same notice to their
 * own address, and the link, which only the owner of the new address ever sees, is simply not sent. An address receives
 * at most a few of these an hour, whoever asks, so nobody can flood a stranger's inbox with confirmations.
 */
public final class ChangeEmailService implements ChangeEmailUseCase {
    static final String SAME_ADDRESS = "new_email is the account's current address";

    private final UserRepository users;
    private final PasswordConfirmation confirmation;
    private final AccountLinks links;
    private final AttemptCounters counters;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;
    private final boolean requireVerifiedEmail;
    private final Duration answerFloor;

    ChangeEmailService(
            UserRepository users,
            PasswordConfirmation confirmation,
            AccountLinks links,
            AttemptCounters counters,
            Transactions transactions,
            Auditor auditor,
            Clock clock,
            boolean requireVerifiedEmail,
            Duration answerFloor) {
        this.users = users;
        this.confirmation = confirmation;
        this.links = links;
        this.counters = counters;
        this.transactions = transactions;
        this.auditor = auditor;
        this.clock = clock;
        this.requireVerifiedEmail = requireVerifiedEmail;
        this.answerFloor = answerFloor;
    }

    @Override
    public Duration changeEmail(ChangeEmailCommand command) {
        Instant began = clock.instant();
        User user = confirmation.confirm(
                command.principal(), command.password(), command.client(), AuditEventType.EMAIL_CHANGE_FAILURE);
        if (user.email().equals(command.newEmail())) {
            throw new InvalidValueException(SAME_ADDRESS);
        }
        boolean taken = users.findByEmail(command.newEmail()).isPresent();
        if (taken && !requireVerifiedEmail) {
            failure(command, user, "email_taken");
            throw new EmailAlreadyRegisteredException("An account with this email already exists.");
        }
        boolean addressFull = counters.tryAcquire(
                        ThrottleKeys.requestAccount("change", command.newEmail().value()),
                        AddressRequests.PER_ACCOUNT,
                        AddressRequests.WINDOW,
                        clock.instant())
                .isPresent();
        transactions.inTransaction(() -> {
            if (taken) {
                if (!addressFull) {
                    links.sendEmailChangeNotice(user, command.newEmail());
                }
                failure(command, user, "email_taken");
                return;
            }
            if (!addressFull) {
                links.sendEmailChange(user, command.newEmail());
            }
            auditor.success(
                    AuditEventType.EMAIL_CHANGE_REQUESTED,
                    user.id(),
                    command.principal().sessionId(),
                    command.client());
        });
        Duration left = answerFloor.minus(Duration.between(began, clock.instant()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    private void failure(ChangeEmailCommand command, User user, String detail) {
        auditor.failure(
                AuditEventType.EMAIL_CHANGE_FAILURE,
                user.id(),
                command.principal().sessionId(),
                command.client(),
                detail);
    }
}
