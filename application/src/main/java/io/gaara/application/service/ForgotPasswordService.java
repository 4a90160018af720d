package io.gaara.application.service;

import io.gaara.application.port.in.ForgotPasswordCommand;
import io.gaara.application.port.in.ForgotPasswordUseCase;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.AuditEventType;
import java.time.Duration;

/**
 * "I forgot my password": a reset link to the address if it has an account, the same answer either way, in the same
 * time ({@link AddressRequests}). A new link makes the ones before it stop working.
 */
public final class ForgotPasswordService implements ForgotPasswordUseCase {
    static final String TOO_MANY = "Too many reset requests from this address; retry later.";

    private final AddressRequests requests;
    private final AccountLinks links;
    private final Transactions transactions;
    private final Auditor auditor;

    ForgotPasswordService(AddressRequests requests, AccountLinks links, Transactions transactions, Auditor auditor) {
        this.requests = requests;
        this.links = links;
        this.transactions = transactions;
        this.auditor = auditor;
    }

    @Override
    public Duration forgotPassword(ForgotPasswordCommand command) {
        return requests.handle("forgot", command.email(), command.client(), TOO_MANY, user -> true, user -> {
            transactions.inTransaction(() -> {
                links.sendPasswordReset(user);
                auditor.success(AuditEventType.PASSWORD_RESET_REQUESTED, user.id(), null, command.client());
            });
        });
    }
}
