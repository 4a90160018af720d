package io.gaara.perf;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gaara.perf.ScenarioCatalog.Scenario;
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

    static List<ClosedInjectionStep> closed(Scenario s, double timeScale) {
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
            default ->
                throw new IllegalArgumentException(s.name() + " is not a closed-model scenario: " + s.executor());
        }
        return steps;
    }

    static List<OpenInjectionStep> open(Scenario s, double timeScale) {
        double perSecond = 1_000.0 / s.timeUnit().toMillis();
        List<OpenInjectionStep> steps = new ArrayList<>();
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
            default -> throw new IllegalArgumentException(s.name() + " is not an open-model scenario: " + s.executor());
        }
        return steps;
    }

    private static OpenInjectionStep constant(double usersPerSecond, Duration d) {
        return usersPerSecond == 0
                ? nothingFor(d)
                : constantUsersPerSec(usersPerSecond).during(d);
    }
}
