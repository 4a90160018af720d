package io.gaara.application.service;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.in.ChangeEmailCommand;
import io.gaara.application.port.in.ChangeEmailUseCase;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.InvalidValueException;
import io.gaara.domain.User;

/**
 * A signed-in user asks to move the account to a new address, confirming the password ({@link PasswordConfirmation}): a
 * link goes to the new address and a notice to the current one, and nothing changes until the link is followed. The
 * notice lets the owner react if it was not them.
 *
 * <p>A new address another account holds is refused where registration would refuse it too (addresses need no proof);
 * where registration answers alike for taken and free addresses, so does this, and no email goes to the taken address.
 */
public final class ChangeEmailService implements ChangeEmailUseCase {
    static final String SAME_ADDRESS = "new_email is the account's current address";

    private final UserRepository users;
    private final PasswordConfirmation confirmation;
    private final AccountLinks links;
    private final Transactions transactions;
    private final Auditor auditor;
    private final boolean requireVerifiedEmail;

    ChangeEmailService(
            UserRepository users,
            PasswordConfirmation confirmation,
            AccountLinks links,
            Transactions transactions,
            Auditor auditor,
            boolean requireVerifiedEmail) {
        this.users = users;
        this.confirmation = confirmation;
        this.links = links;
        this.transactions = transactions;
        this.auditor = auditor;
        this.requireVerifiedEmail = requireVerifiedEmail;
    }

    @Override
    public void changeEmail(ChangeEmailCommand command) {
        User user = confirmation.confirm(
                command.principal(), command.password(), command.client(), AuditEventType.EMAIL_CHANGE_FAILURE);
        if (user.email().equals(command.newEmail())) {
            throw new InvalidValueException(SAME_ADDRESS);
        }
        if (users.findByEmail(command.newEmail()).isPresent()) {
            auditor.failure(
                    AuditEventType.EMAIL_CHANGE_FAILURE,
                    user.id(),
                    command.principal().sessionId(),
                    command.client(),
                    "email_taken");
            if (requireVerifiedEmail) {
                return;
            }
            throw new EmailAlreadyRegisteredException("An account with this email already exists.");
        }
        transactions.inTransaction(() -> {
            links.sendEmailChange(user, command.newEmail());
            auditor.success(
                    AuditEventType.EMAIL_CHANGE_REQUESTED,
                    user.id(),
                    command.principal().sessionId(),
                    command.client());
        });
    }
}
