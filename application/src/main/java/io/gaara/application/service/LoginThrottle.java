package io.gaara.application.service;

import io.gaara.application.TemporarilyUnavailableException;
import io.gaara.application.TooManyAttemptsException;
import io.gaara.application.port.in.LoginCommand;
import io.gaara.application.port.out.persistence.AttemptCounter;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.AuditEventType;
import io.gaara.domain.ThrottlePolicy.Backoff;
import io.gaara.domain.ThrottlePolicy.LoginLimits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slows password guessing down without ever locking an account for good (ASVS 6.3.1): before a login costs a hash it
 * reads its counters (one query) and refuses the attempt while a scope is blocked; a failed login counts in every scope
 * (one statement); a successful one clears the account's scopes, not the source's.
 */
final class LoginThrottle {
    static final String MESSAGE = "Too many failed logins; retry later.";

    private final AttemptCounters counters;
    private final LoginLimits limits;
    private final Auditor auditor;
    private final Clock clock;

    LoginThrottle(AttemptCounters counters, LoginLimits limits, Auditor auditor, Clock clock) {
        this.counters = counters;
        this.limits = limits;
        this.auditor = auditor;
        this.clock = clock;
    }

    /** The three counters of one login; {@code hadFailures} says whether the account's own scopes held any. */
    record Attempt(Map<String, Scope> keys, boolean hadFailures) {
        static final Attempt UNCOUNTED = new Attempt(Map.of(), false);
    }

    /** Which counter refused, as the audit names it. */
    enum Scope {
        ACCOUNT_IP("account_ip"),
        ACCOUNT("account"),
        IP("ip");

        private final String detail;

        Scope(String detail) {
            this.detail = detail;
        }
    }

    /**
     * Lets the login through or refuses it, before any hashing.
     *
     * @throws TooManyAttemptsException while any of the login's scopes is blocked (audited with the scope)
     */
    Attempt admit(LoginCommand command) {
        if (!limits.enabled()) {
            return Attempt.UNCOUNTED;
        }
        String ip = command.client().ip();
        Map<String, Scope> keys = new LinkedHashMap<>();
        keys.put(ThrottleKeys.accountFromIp(command.email(), ip), Scope.ACCOUNT_IP);
        keys.put(ThrottleKeys.account(command.email()), Scope.ACCOUNT);
        keys.put(ThrottleKeys.loginIp(ip), Scope.IP);
        Instant now = clock.instant();
        Map<String, AttemptCounter> found = counters.read(List.copyOf(keys.keySet()), now);
        Instant until = null;
        Scope refusing = null;
        for (var entry : found.entrySet()) {
            AttemptCounter counter = entry.getValue();
            if (counter.blocks(now) && (until == null || counter.blockedUntil().isAfter(until))) {
                until = counter.blockedUntil();
                refusing = keys.get(entry.getKey());
            }
        }
        if (refusing != null) {
            auditor.failure(AuditEventType.LOGIN_THROTTLED, null, null, command.client(), refusing.detail);
            throw new TooManyAttemptsException(MESSAGE, Duration.between(now, until));
        }
        boolean accountFailures = found.keySet().stream()
                .anyMatch(key -> keys.get(key) == Scope.ACCOUNT_IP || keys.get(key) == Scope.ACCOUNT);
        return new Attempt(keys, accountFailures);
    }

    /** Counts a failed login in all three scopes, whether or not the account exists. */
    void failed(Attempt attempt) {
        if (attempt.keys().isEmpty()) {
            return;
        }
        Map<String, Backoff> backoffs = new LinkedHashMap<>();
        attempt.keys().forEach((key, scope) -> backoffs.put(key, backoff(scope)));
        counters.recordFailure(backoffs, limits.forgetAfter(), clock.instant());
    }

    /**
     * The account's owner got in: their account's scopes start again. The source's scope keeps counting, or a stuffer
     * holding one valid account could reset it at will. Costs nothing when there was nothing to clear.
     */
    void succeeded(Attempt attempt) {
        if (!attempt.hadFailures()) {
            return;
        }
        try {
            counters.clear(attempt.keys().entrySet().stream()
                    .filter(e -> e.getValue() != Scope.IP)
                    .map(Map.Entry::getKey)
                    .toList());
        } catch (TemporarilyUnavailableException e) {
            // the session is committed: the login stands, and the counters expire on their own
        }
    }

    private Backoff backoff(Scope scope) {
        return switch (scope) {
            case ACCOUNT_IP -> limits.accountFromIp();
            case ACCOUNT -> limits.account();
            case IP -> limits.ip();
        };
    }
}
