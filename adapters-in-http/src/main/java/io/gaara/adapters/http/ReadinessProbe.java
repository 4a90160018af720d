package io.gaara.adapters.http;

/** One dependency that must answer before the server takes traffic (the database, for example). */
public interface ReadinessProbe {
    String name();

    /** True when the dependency answers now; must return within about a second and never throw. */
    boolean isReady();
}
