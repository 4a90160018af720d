package io.gaara.adapters.http;

import io.gaara.adapters.http.Dtos.HealthResponse;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Liveness (the process answers) and readiness (its dependencies answer too). One readiness answer is reused for
 * {@code cacheFor}: callers, however many and whoever they are, cost the dependencies one round of probes per period,
 * and while one caller runs the probes the others get the answer before it rather than queue behind it.
 */
final class HealthHandlers {
    private final List<ReadinessProbe> probes;
    private final long cacheForNanos;
    private final ReentrantLock probing = new ReentrantLock();
    private volatile Answer last;

    /** One round of probes: when it ended, the status and the body. */
    private record Answer(long at, int status, HealthResponse body) {}

    HealthHandlers(List<ReadinessProbe> probes, Duration cacheFor) {
        this.probes = List.copyOf(probes);
        this.cacheForNanos = cacheFor.toNanos();
    }

    void live(Context ctx) {
        ctx.json(new HealthResponse("UP", Map.of(), null, null));
    }

    void ready(Context ctx) {
        Answer answer = current();
        ctx.status(answer.status()).json(answer.body());
    }

    private Answer current() {
        Answer cached = last;
        if (fresh(cached)) {
            return cached;
        }
        if (!probing.tryLock()) {
            if (cached != null) {
                return cached;
            }
            probing.lock();
        }
        try {
            cached = last;
            if (fresh(cached)) {
                return cached;
            }
            Answer answer = probe();
            last = answer;
            return answer;
        } finally {
            probing.unlock();
        }
    }

    private boolean fresh(Answer answer) {
        return answer != null && System.nanoTime() - answer.at() < cacheForNanos;
    }

    private Answer probe() {
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
        return new Answer(
                System.nanoTime(),
                overall == ReadinessProbe.Readiness.DOWN ? 503 : 200,
                new HealthResponse(overall.name(), checks, breakers, details));
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
