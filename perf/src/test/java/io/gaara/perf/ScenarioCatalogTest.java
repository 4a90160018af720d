package io.gaara.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.perf.ScenarioCatalog.Limit;
import io.gaara.perf.ScenarioCatalog.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** perf/scenarios.json is the contract between the k6 suites and the Gatling twin: these tests keep both ends on it. */
class ScenarioCatalogTest {
    private final ScenarioCatalog catalog = ScenarioCatalog.load();

    @Test
    void givenScenariosJson_whenLoaded_thenShapesAreTheIssuesOnes() {
        assertThat(catalog.scenarios()).containsKeys("smoke", "baseline", "stress", "spike", "soak", "ramp");
        Scenario smoke = catalog.scenario("smoke");
        assertThat(smoke.peakConcurrency()).isEqualTo(1);
        assertThat(smoke.injectionDuration()).isLessThanOrEqualTo(Duration.ofSeconds(30)); // CI budget is 60 s in all
        assertThat(catalog.scenario("baseline").vus()).isEqualTo(10);
        assertThat(catalog.scenario("baseline").duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(catalog.scenario("stress").peakConcurrency()).isEqualTo(100);
        assertThat(catalog.scenario("spike").peakConcurrency()).isEqualTo(100);
        assertThat(catalog.scenario("soak").vus()).isEqualTo(20);
        assertThat(catalog.scenario("soak").duration()).isEqualTo(Duration.ofHours(1));
        assertThat(catalog.scenario("ramp").peakConcurrency()).isEqualTo(200);
    }

    @Test
    void givenSpike_whenStagesRead_thenTheJumpIsSudden() {
        Scenario spike = catalog.scenario("spike");
        var jump = spike.stages().stream()
                .filter(s -> s.target() == 100)
                .findFirst()
                .orElseThrow();
        assertThat(jump.duration()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(spike.startVUs()).isLessThanOrEqualTo(10);
    }

    @Test
    void givenThresholds_whenRead_thenTheyAreThePublishedBaselines() {
        assertThat(catalog.thresholds().endpoints()).containsOnlyKeys("login", "refresh", "me", "logout");
        assertThat(catalog.thresholds().endpoints().get("login")).isEqualTo(new Limit(500, 1000));
        assertThat(catalog.thresholds().endpoints().get("refresh")).isEqualTo(new Limit(300, 400));
        assertThat(catalog.thresholds().endpoints().get("me")).isEqualTo(new Limit(500, 600));
        assertThat(catalog.thresholds().endpoints().get("logout")).isEqualTo(new Limit(300, 400));
        assertThat(catalog.thresholds().errorRate()).isEqualTo(0.01);
        assertThat(catalog.thresholds().droppedIterations()).isZero();
        // nine assertions: p95 and p99 of four endpoints, and the error rate
        assertThat(GaaraSimulation.assertions(catalog.thresholds())).hasSize(9);
    }

    @Test
    void givenEveryScenario_whenMappedToGatling_thenAProfileComesOutWithOneStepPerStage() {
        for (Scenario s : catalog.scenarios().values()) {
            int expectedSteps = s.stages().isEmpty() ? 1 : s.stages().size();
            if (s.isOpenModel()) {
                assertThat(Injection.open(s, 1.0)).as(s.name()).hasSize(expectedSteps);
            } else {
                assertThat(Injection.closed(s, 1.0)).as(s.name()).hasSize(expectedSteps);
            }
        }
    }

    @Test
    void givenTimeScale_whenScaled_thenStagesShrinkButNeverBelowOneSecond() {
        assertThat(Injection.scaled(Duration.ofHours(1), 0.1)).isEqualTo(Duration.ofMinutes(6));
        assertThat(Injection.scaled(Duration.ofSeconds(5), 0.01)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void givenEveryScenario_thenTheOneK6EntryTakesItByNameAndAGatlingSimulationExists() throws Exception {
        // k6 has one entry for all scenarios (k6 run -e SCENARIO=<name> perf/k6/main.ts): it must
        // pick the scenario from SCENARIO, not from a name of its own
        Path k6 = Path.of(System.getProperty("gaara.k6Dir", "k6"));
        assertThat(k6.resolve("main.ts")).exists();
        assertThat(Files.readString(k6.resolve("main.ts"))).contains("selectedScenario()");
        assertThat(Files.readString(k6.resolve("lib/config.ts"))).contains("__ENV['SCENARIO']");
        for (String name : catalog.scenarios().keySet()) {
            String simulation =
                    "io.gaara.perf." + Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Simulation";
            assertThat(GaaraSimulation.class.isAssignableFrom(Class.forName(simulation)))
                    .as(simulation)
                    .isTrue();
        }
    }

    @Test
    void givenK6Durations_whenParsed_thenMatchK6() {
        assertThat(ScenarioCatalog.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ScenarioCatalog.duration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ScenarioCatalog.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> ScenarioCatalog.duration("30 s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScenarioCatalog.duration("1x")).isInstanceOf(IllegalArgumentException.class);
    }
}
