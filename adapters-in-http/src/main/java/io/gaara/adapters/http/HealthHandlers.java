package io.gaara.adapters.http;

import io.gaara.adapters.http.Dtos.HealthResponse;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Liveness (the process answers) and readiness (its dependencies answer too). */
final class HealthHandlers {
    private final List<ReadinessProbe> probes;

    HealthHandlers(List<ReadinessProbe> probes) {
        this.probes = List.copyOf(probes);
    }

    void live(Context ctx) {
        ctx.json(new HealthResponse("UP", Map.of(), null, null));
    }

    void ready(Context ctx) {
        Map<String, String> checks = new LinkedHashMap<>();
        Map<String, String> breakers = new LinkedHashMap<>();
        Map<String, String> details = new LinkedHashMap<>();
        ReadinessProbe.Readiness overall = ReadinessProbe.Readiness.UP;
        for (ReadinessProbe probe : probes) {
            ReadinessProbe.Readiness readiness;
            try {
                readiness = probe.readiness();
            } catch (RuntimeException e) {
                readiness = ReadinessProbe.Readiness.DOWN;
            }
            checks.put(probe.name(), readiness.name());
            breakerOf(probe).ifPresent(state -> breakers.put(probe.name(), state));
            detailOf(probe).ifPresent(detail -> details.put(probe.name(), detail));
            if (readiness.compareTo(overall) > 0) {
                overall = readiness;
            }
        }
        // degraded still takes traffic: it is serving, from a cache, and the body says so
        ctx.status(overall == ReadinessProbe.Readiness.DOWN ? 503 : 200)
                .json(new HealthResponse(overall.name(), checks, breakers, details));
    }

    private static Optional<String> detailOf(ReadinessProbe probe) {
        try {
            return probe.detail();
        } catch (RuntimeException e) {
            return Optional.of("unknown");
        }
    }

    private static Optional<String> breakerOf(ReadinessProbe probe) {
        try {
            return probe.breaker();
        } catch (RuntimeException e) {
            return Optional.of("UNKNOWN");
        }
    }
}
