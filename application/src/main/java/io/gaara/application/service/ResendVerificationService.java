package io.gaara.application.service;

import io.gaara.application.port.in.ResendVerificationCommand;
import io.gaara.application.port.in.ResendVerificationUseCase;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.User;
import java.time.Duration;

/**
 * "Send the link again": a new verification link to the address if it has an account not yet verified, the same answer
 * either way, in the same time ({@link AddressRequests}). The new link replaces the earlier one.
 */
public final class ResendVerificationService implements ResendVerificationUseCase {
    static final String TOO_MANY = "Too many verification requests from this address; retry later.";

    private final AddressRequests requests;
    private final AccountLinks links;
    private final Transactions transactions;
    private final Auditor auditor;

    ResendVerificationService(
            AddressRequests requests, AccountLinks links, Transactions transactions, Auditor auditor) {
        this.requests = requests;
        this.links = links;
        this.transactions = transactions;
        this.auditor = auditor;
    }

    @Override
    public Duration resendVerification(ResendVerificationCommand command) {
        return requests.handle(
                "verify", command.email(), command.client(), TOO_MANY, user -> !user.emailVerified(), (User user) -> {
                    transactions.inTransaction(() -> {
                        links.sendVerification(user);
                        auditor.success(AuditEventType.EMAIL_VERIFICATION_RESENT, user.id(), null, command.client());
                    });
                });
    }
}
