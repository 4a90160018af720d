package io.gaara.application.service;

import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.ThrottlePolicy.RegisterLimit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Caps registrations per source: each one is counted (one statement) before its password is hashed, so a flood of
 * sign-ups costs neither hashing capacity nor rows past the limit, and cannot be used to probe for taken emails at
 * scale.
 */
final class RegistrationThrottle {
    static final String MESSAGE = "Too many registrations from this address; retry later.";

    private final AttemptCounters counters;
    private final RegisterLimit limit;
    private final Auditor auditor;
    private final Clock clock;

    RegistrationThrottle(AttemptCounters counters, RegisterLimit limit, Auditor auditor, Clock clock) {
        this.counters = counters;
        this.limit = limit;
        this.auditor = auditor;
        this.clock = clock;
    }

    /**
     * Counts one registration from {@code client}.
     *
     * @throws TooManyAttemptsException when the source's window is full (audited)
     */
    void admit(ClientInfo client) {
        if (!limit.enabled()) {
            return;
        }
        Instant now = clock.instant();
        Optional<Instant> refusedUntil =
                counters.tryAcquire(ThrottleKeys.registerIp(client.ip()), limit.perWindow(), limit.window(), now);
        if (refusedUntil.isPresent()) {
            auditor.failure(AuditEventType.REGISTER_THROTTLED, null, null, client, "ip");
            throw new TooManyAttemptsException(MESSAGE, Duration.between(now, refusedUntil.get()));
        }
    }
}
