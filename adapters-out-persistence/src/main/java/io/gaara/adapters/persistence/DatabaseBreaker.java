package io.gaara.adapters.persistence;

import io.gaara.application.TemporarilyUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker in front of the database (Resilience4j), so that once the database has clearly failed a request
 * is answered 503 at once instead of each one waiting out the pool's connection timeout.
 *
 * <ul>
 *   <li>Only outages count as failures ({@link SqlErrors#isDatabaseDown}): a lost or refused connection, no pooled
 *       connection in time, a server going away, a statement cut off by {@code statement_timeout}. A call the database
 *       answers counts as a success, whatever it answered: a unique violation, a lock wait cut off by
 *       {@code lock_timeout} (one busy row, not a failed database), a refresh refused by the application.
 *   <li>{@link DatabaseBreakerSettings#failuresToOpen() N} failures in a row open it (a count window of N calls, all
 *       failed). Open, every call fails at once with {@link TemporarilyUnavailableException} (503 + Retry-After) for
 *       {@link DatabaseBreakerSettings#openFor()}; then one trial call goes through (half-open, the others still fail
 *       at once): its success closes the breaker, its failure opens it again. The readiness ping is such a call, so an
 *       instance the orchestrator took out of rotation still finds its way back without traffic.
 *   <li>It counts port calls, not statements: a repository call inside a transaction joins the transaction's call, so
 *       one failed transaction is one failure, and the outermost call alone translates the outage.
 *   <li>No retries: a request that meets an outage is answered 503 + Retry-After and the client retries. The pool keeps
 *       opening connections in the background, and the credentials data source owns the retries of a rotated login.
 * </ul>
 *
 * <p>Installed once on the {@link Jdbi} ({@link #installOn}), like a plugin, so that every adapter built on that Jdbi
 * through {@link OutageTranslatingJdbi} shares the one breaker; a Jdbi without one (tests) only translates. Each state
 * transition is one log line: WARN when it opens, INFO otherwise.
 */
final class DatabaseBreaker {
    static final String NAME = "database";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBreaker.class);
    private static final DatabaseBreaker NONE = new DatabaseBreaker(null, null);

    private final CircuitBreaker breaker;
    private final DatabaseBreakerSettings settings;
    private final ThreadLocal<Boolean> inside = new ThreadLocal<>();

    private DatabaseBreaker(CircuitBreaker breaker, DatabaseBreakerSettings settings) {
        this.breaker = breaker;
        this.settings = settings;
    }

    static DatabaseBreaker of(DatabaseBreakerSettings settings) {
        Objects.requireNonNull(settings, "settings");
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failuresToOpen())
                .minimumNumberOfCalls(settings.failuresToOpen())
                .failureRateThreshold(100)
                .recordException(SqlErrors::isDatabaseDown)
                // thrown by the application inside a transaction, or by a nested adapter: not the database's answer
                .ignoreExceptions(TemporarilyUnavailableException.class)
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of(NAME, config);
        DatabaseBreaker guarded = new DatabaseBreaker(breaker, settings);
        breaker.getEventPublisher().onStateTransition(guarded::log);
        return guarded;
    }

    /** The breaker installed on {@code jdbi}, or one that only translates outages when none is. */
    static DatabaseBreaker on(Jdbi jdbi) {
        DatabaseBreaker installed = jdbi.getConfig(Installed.class).breaker;
        return installed == null ? NONE : installed;
    }

    /** Every {@link OutageTranslatingJdbi} built on {@code jdbi} from now on goes through this breaker. */
    void installOn(Jdbi jdbi) {
        jdbi.getConfig(Installed.class).breaker = this;
    }

    /**
     * Runs {@code work} (a port method's Jdbi calls) through the breaker and turns an outage into
     * {@link TemporarilyUnavailableException}.
     *
     * @throws TemporarilyUnavailableException at once while the breaker is open, or when {@code work} meets an outage
     */
    <T> T guard(Supplier<T> work) {
        if (breaker == null) {
            return SqlErrors.unlessUnavailable(work);
        }
        if (inside.get() != null) {
            // joined to an enclosing call (a repository inside a transaction): that call records and translates
            return work.get();
        }
        inside.set(Boolean.TRUE);
        try {
            return SqlErrors.unlessUnavailable(() -> breaker.executeSupplier(work));
        } catch (CallNotPermittedException open) {
            throw new TemporarilyUnavailableException("The service is temporarily unavailable; retry shortly.");
        } finally {
            inside.remove();
        }
    }

    /** {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}; {@code NONE} when there is no breaker. */
    String state() {
        return breaker == null ? "NONE" : breaker.getState().name();
    }

    private void log(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State to = event.getStateTransition().getToState();
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        if (to == CircuitBreaker.State.OPEN) {
            LOG.warn(
                    "database circuit breaker OPEN (was {}): {}; requests are answered 503 at once for {}, then one"
                            + " trial call",
                    from,
                    from == CircuitBreaker.State.HALF_OPEN
                            ? "the trial call failed"
                            : settings.failuresToOpen() + " outage failures in a row",
                    settings.openFor());
        } else if (to == CircuitBreaker.State.HALF_OPEN) {
            LOG.info("database circuit breaker HALF_OPEN (was {}): letting one trial call through", from);
        } else if (to == CircuitBreaker.State.CLOSED) {
            LOG.info("database circuit breaker CLOSED (was {}): the database answers again", from);
        } else {
            LOG.info("database circuit breaker {} (was {})", to, from);
        }
    }

    /** Where a {@link Jdbi} keeps its breaker: Jdbi's own mechanism for per-instance settings. */
    public static final class Installed implements JdbiConfig<Installed> {
        private DatabaseBreaker breaker;

        public Installed() {}

        private Installed(Installed other) {
            this.breaker = other.breaker;
        }

        @Override
        public Installed createCopy() {
            return new Installed(this);
        }
    }
}
