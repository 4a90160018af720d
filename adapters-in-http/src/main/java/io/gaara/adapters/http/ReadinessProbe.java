package io.gaara.adapters.http;

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

    /** A probe named {@code name} whose state {@code check} tells; DEGRADED still counts as ready. */
    static ReadinessProbe of(String name, Supplier<Readiness> check) {
        return new ReadinessProbe() {
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
