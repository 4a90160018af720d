package io.gaara.adapters.http;

import io.gaara.adapters.http.Dtos.HealthResponse;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Liveness (the process answers) and readiness (its dependencies answer too). */
final class HealthHandlers {
    private final List<ReadinessProbe> probes;

    HealthHandlers(List<ReadinessProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    void live(Context ctx) {
        ctx.json(new HealthResponse("UP", Map.of()));
    }

    void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        boolean allUp = true;
        for (ReadinessProbe probe : probes) {
            boolean up;
            try {
                up = probe.isReady();
            } catch (RuntimeException e) {
                up = false;
            }
            checks.put(probe.name(), up ? "UP" : "DOWN");
            allUp &= up;
        }
        ctx.status(allUp ? 200 : 503).json(new HealthResponse(allUp ? "UP" : "DOWN", checks));
    }
}
