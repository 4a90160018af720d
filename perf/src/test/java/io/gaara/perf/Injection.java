package io.gaara.perf;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gaara.perf.ScenarioCatalog.Load;
import io.gaara.perf.ScenarioCatalog.Stage;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * k6 executors as Gatling injection profiles (the table in shared/REFERENCE.md). A k6 VU loops over iterations; here
 * one Gatling user is one iteration, and the closed model starts a new user whenever one finishes, which keeps the same
 * number of sessions in flight as k6 keeps VUs busy.
 */
final class Injection {
    private Injection() {}

    /** Stage and run durations times {@code timeScale}; think time is not scaled, so per-user rates stay real. */
    static Duration scaled(Duration d, double timeScale) {
        return Duration.ofMillis(Math.max(1_000, Math.round(d.toMillis() * timeScale)));
    }

    /**
     * A start time scaled as the stages are, so that populations that end together still do; zero stays zero (no
     * one-second floor: it is a delay, not a stage).
     */
    static Duration scaledStart(Duration startTime, double timeScale) {
        return startTime.isZero() ? Duration.ZERO : scaled(startTime, timeScale);
    }

    /**
     * A {@code constant-vus} population whose users keep state from one iteration to the next (the flood test's
     * flooders and signed-in sessions): all its users start at its start time and each loops for the duration itself,
     * as a k6 VU does. (The closed model below starts a new user, with a fresh session, for every iteration.)
     */
    static List<OpenInjectionStep> looping(Load s, String name, double timeScale) {
        if (!s.executor().equals("constant-vus")) {
            throw new IllegalArgumentException(name + ": a looping population needs constant-vus, not " + s.executor());
        }
        Duration start = scaledStart(s.startTime(), timeScale);
        return start.isZero() ? List.of(atOnceUsers(s.vus())) : List.of(nothingFor(start), atOnceUsers(s.vus()));
    }

    static List<ClosedInjectionStep> closed(Load s, String name, double timeScale) {
        if (!s.startTime().isZero()) {
            throw new IllegalArgumentException(name + ": a start time needs an open or looping population");
        }
        List<ClosedInjectionStep> steps = new ArrayList<>();
        switch (s.executor()) {
            case "constant-vus" -> steps.add(constantConcurrentUsers(s.vus()).during(scaled(s.duration(), timeScale)));
            case "ramping-vus" -> {
                int from = s.startVUs();
                for (Stage stage : s.stages()) {
                    Duration d = scaled(stage.duration(), timeScale);
                    steps.add(
                            from == stage.target()
                                    ? constantConcurrentUsers(from).during(d)
                                    : rampConcurrentUsers(from)
                                            .to(stage.target())
                                            .during(d));
                    from = stage.target();
                }
            }
            default -> throw new IllegalArgumentException(name + " is not a closed-model scenario: " + s.executor());
        }
        return steps;
    }

    static List<OpenInjectionStep> open(Load s, String name, double timeScale) {
        double perSecond = 1_000.0 / s.timeUnit().toMillis();
        List<OpenInjectionStep> steps = new ArrayList<>();
        Duration start = scaledStart(s.startTime(), timeScale);
        if (!start.isZero()) {
            steps.add(nothingFor(start));
        }
        switch (s.executor()) {
            case "constant-arrival-rate" -> steps.add(constant(s.rate() * perSecond, scaled(s.duration(), timeScale)));
            case "ramping-arrival-rate" -> {
                double from = s.startRate() * perSecond;
                for (Stage stage : s.stages()) {
                    Duration d = scaled(stage.duration(), timeScale);
                    double to = stage.target() * perSecond;
                    steps.add(
                            from == to
                                    ? constant(from, d)
                                    : rampUsersPerSec(from).to(to).during(d));
                    from = to;
                }
            }
            default -> throw new IllegalArgumentException(name + " is not an open-model scenario: " + s.executor());
        }
        return steps;
    }

    private static OpenInjectionStep constant(double usersPerSecond, Duration d) {
        return usersPerSecond == 0
                ? nothingFor(d)
                : constantUsersPerSec(usersPerSecond).during(d);
    }
}
