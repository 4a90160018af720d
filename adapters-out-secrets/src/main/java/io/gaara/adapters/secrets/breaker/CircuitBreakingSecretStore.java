package io.gaara.adapters.secrets.breaker;

import io.gaara.application.port.out.secrets.Secret;
import io.gaara.application.port.out.secrets.SecretStage;
import io.gaara.application.port.out.secrets.SecretStore;
import io.gaara.application.port.out.secrets.SecretStoreUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A circuit breaker (Resilience4j) between the secrets cache and a remote backend (AWS Secrets Manager, Vault), so that
 * once the backend has clearly failed a trip to it fails at once instead of waiting out the client's timeouts (seconds
 * per trip against a black-holed endpoint) on the cache's refresh threads and on the callers of {@code refreshNow} and
 * {@code readStage}.
 *
 * <ul>
 *   <li>A trip that ends in {@link SecretStoreUnavailableException} is a failure; any answer (a value, or "absent") is
 *       a success, and so is a configuration error ({@link IllegalStateException}: the backend answered).
 *   <li>{@link SecretsBreakerSettings#failuresToOpen() N} failures in a row open it. Open, every trip fails at once
 *       with {@link SecretStoreUnavailableException}, which the cache takes like any outage: it serves the last good
 *       values (stale) and schedules the name's retry by its own backoff. After
 *       {@link SecretsBreakerSettings#openFor()} one trial trip goes through (half-open): its success closes the
 *       breaker, its failure opens it again.
 *   <li>It adds no retries. Within one trip the backend's client owns them (the AWS SDK's standard strategy: at most 3
 *       attempts with jitter under its retry quota; Vault: none); between trips the cache owns them (its capped,
 *       jittered backoff per name). So the cache's next retry after the open time is what tests the backend.
 * </ul>
 *
 * <p>Each state transition is one log line: WARN when it opens, INFO otherwise.
 */
public final class CircuitBreakingSecretStore implements SecretStore {
    private static final Logger log = LoggerFactory.getLogger(CircuitBreakingSecretStore.class);

    private final SecretStore backend;
    private final SecretsBreakerSettings settings;
    private final CircuitBreaker breaker;

    private CircuitBreakingSecretStore(SecretStore backend, SecretsBreakerSettings settings) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.settings = Objects.requireNonNull(settings, "settings");
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failuresToOpen())
                .minimumNumberOfCalls(settings.failuresToOpen())
                .failureRateThreshold(100)
                .recordExceptions(SecretStoreUnavailableException.class)
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .build();
        this.breaker = CircuitBreaker.of(backend.backendName(), config);
        breaker.getEventPublisher().onStateTransition(this::log);
    }

    /** {@code backend} behind a breaker of these settings. */
    public static CircuitBreakingSecretStore around(SecretStore backend, SecretsBreakerSettings settings) {
        return new CircuitBreakingSecretStore(backend, settings);
    }

    @Override
    public Optional<Secret> read(String name) {
        return guard(() -> backend.read(name));
    }

    @Override
    public List<Secret> readAccepted(String name) {
        return guard(() -> backend.readAccepted(name));
    }

    @Override
    public Optional<Secret> readStage(String name, SecretStage stage) {
        return guard(() -> backend.readStage(name, stage));
    }

    @Override
    public String backendName() {
        return backend.backendName();
    }

    /**
     * {@code CLOSED} (trips go through), {@code OPEN} (refused at once), {@code HALF_OPEN} (one trial trip goes
     * through).
     */
    public String state() {
        return breaker.getState().name();
    }

    @Override
    public String toString() {
        return "CircuitBreakingSecretStore[" + backend + ", " + state() + "]";
    }

    private <T> T guard(Supplier<T> trip) {
        try {
            return breaker.executeSupplier(trip);
        } catch (CallNotPermittedException open) {
            throw new SecretStoreUnavailableException("secrets backend " + backend.backendName()
                    + " not asked: its circuit breaker is " + state() + " after " + settings.failuresToOpen()
                    + " failures in a row");
        }
    }

    private void log(CircuitBreakerOnStateTransitionEvent event) {
        CircuitBreaker.State to = event.getStateTransition().getToState();
        CircuitBreaker.State from = event.getStateTransition().getFromState();
        String backendName = backend.backendName();
        if (to == CircuitBreaker.State.OPEN) {
            log.warn(
                    "secrets backend {} circuit breaker OPEN (was {}): {}; trips fail at once for {} and the cache"
                            + " serves its last good values, then one trial trip",
                    backendName,
                    from,
                    from == CircuitBreaker.State.HALF_OPEN
                            ? "the trial trip failed"
                            : settings.failuresToOpen() + " failures in a row",
                    settings.openFor());
        } else if (to == CircuitBreaker.State.HALF_OPEN) {
            log.info(
                    "secrets backend {} circuit breaker HALF_OPEN (was {}): letting one trial trip through",
                    backendName,
                    from);
        } else if (to == CircuitBreaker.State.CLOSED) {
            log.info(
                    "secrets backend {} circuit breaker CLOSED (was {}): the backend answers again", backendName, from);
        } else {
            log.info("secrets backend {} circuit breaker {} (was {})", backendName, to, from);
        }
    }
}
