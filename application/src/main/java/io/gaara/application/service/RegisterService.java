package io.gaara.application.service;

import io.gaara.application.EmailAlreadyRegisteredException;
import io.gaara.application.port.in.RegisterCommand;
import io.gaara.application.port.in.RegisterUseCase;
import io.gaara.application.port.in.RegisteredUser;
import io.gaara.application.port.out.crypto.PasswordHasher;
import io.gaara.application.port.out.persistence.AuditTrail;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.application.port.out.persistence.UserRepository;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.PasswordPolicy;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Clock;

public final class RegisterService implements RegisterUseCase {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final PasswordPolicy policy;
    private final Transactions transactions;
    private final Auditor auditor;
    private final Clock clock;
    private final RegistrationThrottle throttle;

    public RegisterService(
            UserRepository users,
            PasswordHasher hasher,
            PasswordPolicy policy,
            AuditTrail audit,
            Transactions transactions,
            Clock clock,
            RegistrationThrottle throttle) {
        this.users = users;
        this.hasher = hasher;
        this.policy = policy;
        this.transactions = transactions;
        this.auditor = new Auditor(audit, clock);
        this.clock = clock;
        this.throttle = throttle;
    }

    @Override
    public RegisteredUser register(RegisterCommand command) {
        policy.check(command.password());
        throttle.admit(command.client());
        // hash before touching the database: a connection is never held while a core burns 20 ms
        PasswordHash hash = hasher.hash(command.password());
        User user = new User(UserId.random(), command.email(), hash, clock.instant());
        try {
            transactions.inTransaction(() -> {
                users.add(user);
                auditor.success(AuditEventType.REGISTER, user.id(), null, command.client());
            });
        } catch (EmailAlreadyRegisteredException e) {
            auditor.failure(AuditEventType.REGISTER_FAILURE, null, null, command.client(), "email_taken");
            throw e;
        }
        return new RegisteredUser(user.id(), user.email(), user.createdAt());
    }
}
