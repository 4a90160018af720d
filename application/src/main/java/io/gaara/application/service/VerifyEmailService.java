package io.gaara.application.service;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.InvalidTokenException;
import io.gaara.application.port.in.VerifiedEmail;
import io.gaara.application.port.in.VerifyEmailCommand;
import io.gaara.application.port.in.VerifyEmailUseCase;
import io.gaara.application.port.out.persistence.OneTimeTokens;
import io.gaara.application.port.out.persistence.OneTimeTokens.SpentToken;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.Email;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Spends a link that proves an address, of either kind: the account's own address (sent on registration or on request)
 * or the new address of an email change, which the account then moves to. The token is spent in the transaction that
 * records the proof, so it works once even when two instances get it at once. A move ends every other link of the user:
 * a reset link sent to the old address must not outlive the change.
 */
public final class VerifyEmailService implements VerifyEmailUseCase {
    static final String INVALID = "This link is invalid or has expired; ask for a new one.";

    private final UserRepository users;
    private final OneTimeTokens tokens;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;

    VerifyEmailService(
            UserRepository users, OneTimeTokens tokens, Transactions transactions, Auditor auditor, Clock clock) {
        this.users = users;
        this.tokens = tokens;
        this.transactions = transactions;
        this.auditor = auditor;
        this.clock = clock;
    }

    @Override
    public VerifiedEmail verifyEmail(VerifyEmailCommand command) {
        if (!OneTimeTokenCodec.wellFormed(command.token())) {
            auditor.failure(AuditEventType.EMAIL_VERIFY_FAILURE, null, null, command.client(), "malformed");
            throw new InvalidTokenException(INVALID);
        }
        byte[] hash = OneTimeTokenCodec.hash(command.token());
        Instant now = clock.instant();
        try {
            return transactions.inTransaction(() -> {
                Optional<SpentToken> own = tokens.spend(OneTimeTokens.Purpose.VERIFY_EMAIL, hash, now);
                if (own.isPresent()) {
                    return verifyOwn(own.get(), command, now);
                }
                SpentToken change = tokens.spend(OneTimeTokens.Purpose.EMAIL_CHANGE, hash, now)
                        .orElseThrow(() -> new InvalidTokenException(INVALID));
                return move(change, command, now);
            });
        } catch (InvalidTokenException e) {
            auditor.failure(AuditEventType.EMAIL_VERIFY_FAILURE, null, null, command.client(), "invalid_token");
            throw e;
        } catch (EmailAlreadyRegisteredException e) {
            auditor.failure(AuditEventType.EMAIL_CHANGE_FAILURE, null, null, command.client(), "email_taken");
            throw e;
        }
    }

    private VerifiedEmail verifyOwn(SpentToken spent, VerifyEmailCommand command, Instant now) {
        Email address = new Email(spent.payload());
        // the account has moved to another address since the link was sent: the link proves nothing about it
        if (!users.markEmailVerified(spent.user(), address, now)) {
            throw new InvalidTokenException(INVALID);
        }
        auditor.success(AuditEventType.EMAIL_VERIFIED, spent.user(), null, command.client());
        return new VerifiedEmail(address, false);
    }

    private VerifiedEmail move(SpentToken spent, VerifyEmailCommand command, Instant now) {
        Email address = new Email(spent.payload());
        if (!users.changeEmail(spent.user(), address, now)) {
            throw new InvalidTokenException(INVALID);
        }
        tokens.revokeAll(spent.user(), now);
        auditor.success(AuditEventType.EMAIL_CHANGED, spent.user(), null, command.client());
        return new VerifiedEmail(address, true);
    }
}
