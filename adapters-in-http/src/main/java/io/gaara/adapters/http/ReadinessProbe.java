package io.gaara.adapters.http;

import java.util.Optional;
import java.util.function.Supplier;

/** One dependency that must answer before the server takes traffic (the database, the secrets backend). */
public interface ReadinessProbe {
    /** How a dependency stands: DEGRADED still serves (from a cache, say) and keeps the server ready, but says so. */
    enum Readiness {
        UP,
        DEGRADED,
        DOWN
    }

    String name();

    /** True when the dependency answers now; must return within about a second and never throw. */
    boolean isReady();

    /** Finer than {@link #isReady()}; by default UP or DOWN. */
    default Readiness readiness() {
        return isReady() ? Readiness.UP : Readiness.DOWN;
    }

    /**
     * The state of the circuit breaker in front of this dependency ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}),
     * shown by {@code /health/ready}; empty when it has none. Must not throw.
     */
    default Optional<String> breaker() {
        return Optional.empty();
    }

    /**
     * A word more on the state, shown under {@code details} by {@code /health/ready} (a Vault token's
     * {@code login-failing}, say): a fixed vocabulary, never an error text. Empty by default. Must not throw.
     */
    default Optional<String> detail() {
        return Optional.empty();
    }

    /** As {@link #of(String, Supplier)}, with a {@link #detail()} that {@code detail} tells. */
    static ReadinessProbe withDetail(String name, Supplier<Readiness> check, Supplier<Optional<String>> detail) {
        ReadinessProbe probe = of(name, check);
        return new ReadinessProbe() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isReady() {
                return probe.isReady();
            }

            @Override
            public Readiness readiness() {
                return probe.readiness();
            }

            @Override
            public Optional<String> detail() {
                return detail.get();
            }
        };
    }

    /** A probe named {@code name} whose state {@code check} tells; DEGRADED still counts as ready. */
    static ReadinessProbe of(String name, Supplier<Readiness> check) {
        return of(name, check, Optional::empty);
    }

    /**
     * As {@link #of(String, Supplier)}, for a dependency behind a circuit breaker whose state {@code breaker} tells.
     */
    static ReadinessProbe of(String name, Supplier<Readiness> check, Supplier<Optional<String>> breaker) {
        return new ReadinessProbe() {
            @Override
            public Optional<String> breaker() {
                return breaker.get();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean isReady() {
                return readiness() != Readiness.DOWN;
            }

            @Override
            public Readiness readiness() {
                return check.get();
            }
        };
    }
}
