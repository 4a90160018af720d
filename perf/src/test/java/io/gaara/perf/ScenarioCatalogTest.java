package io.gaara.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gaara.perf.ScenarioCatalog.FloodThresholds;
import io.gaara.perf.ScenarioCatalog.Limit;
import io.gaara.perf.ScenarioCatalog.Load;
import io.gaara.perf.ScenarioCatalog.LoginFlood;
import io.gaara.perf.ScenarioCatalog.Population;
import io.gaara.perf.ScenarioCatalog.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** perf/scenarios.json is the contract between the k6 suites and the Gatling twin: these tests keep both ends on it. */
class ScenarioCatalogTest {
    private final ScenarioCatalog catalog = ScenarioCatalog.load();

    @Test
    void givenScenariosJson_whenLoaded_thenShapesAreTheIssuesOnes() {
        assertThat(catalog.scenarios())
                .containsKeys(
                        "smoke", "baseline", "stress", "spike", "soak", "ramp", "login-flood", "login-flood-short");
        Load smoke = catalog.scenario("smoke").load();
        assertThat(smoke.peakConcurrency()).isEqualTo(1);
        assertThat(smoke.injectionDuration()).isLessThanOrEqualTo(Duration.ofSeconds(30)); // CI budget is 60 s in all
        assertThat(catalog.scenario("baseline").load().vus()).isEqualTo(10);
        assertThat(catalog.scenario("baseline").load().duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(catalog.scenario("stress").load().peakConcurrency()).isEqualTo(100);
        assertThat(catalog.scenario("spike").load().peakConcurrency()).isEqualTo(100);
        assertThat(catalog.scenario("soak").load().vus()).isEqualTo(20);
        assertThat(catalog.scenario("soak").load().duration()).isEqualTo(Duration.ofHours(1));
        assertThat(catalog.scenario("ramp").load().peakConcurrency()).isEqualTo(200);
    }

    @Test
    void givenLoginFloods_whenRead_thenTheyAreTheIssuesFloodTest() {
        // issue 8: 64+ clients logging in with no think time while others refresh and call /me, readiness probed
        for (String name : List.of("login-flood-short", "login-flood")) {
            Scenario flood = catalog.scenario(name);
            assertThat(flood.isLoginFlood()).as(name).isTrue();
            Population flooders = flood.population("flood-login").orElseThrow();
            Population sessions = flood.population("refresh-me").orElseThrow();
            Population prober = flood.population("ready-probe").orElseThrow();
            assertThat(flooders.load().vus()).as(name).isGreaterThanOrEqualTo(64);
            assertThat(sessions.load().vus()).as(name).isPositive();
            // the sessions sign in first, then are measured for as long as the flood lasts
            assertThat(sessions.load().startTime()).isLessThan(flooders.load().startTime());
            assertThat(sessions.load().startTime().plus(sessions.load().duration()))
                    .as(name)
                    .isEqualTo(flooders.load().startTime().plus(flooders.load().duration()));
            // probed every 0.5 s for the whole run
            assertThat(prober.load().rate() * 1_000 / prober.load().timeUnit().toMillis())
                    .isEqualTo(2.0);
            assertThat(prober.load().duration()).isEqualTo(sessions.load().duration());
            assertThat(flood.users()).as(name).isGreaterThan(sessions.load().vus());
        }
        Scenario ci = catalog.scenario("login-flood-short");
        assertThat(ci.injectionDuration()).isLessThanOrEqualTo(Duration.ofSeconds(30)); // bounded in time for CI
        Scenario campaign = catalog.scenario("login-flood");
        // past Jetty's 250 request threads, the count that starved the server before the hashing lane
        assertThat(campaign.population("flood-login").orElseThrow().load().vus())
                .isGreaterThan(250);
        assertThat(campaign.population("flood-login").orElseThrow().load().duration())
                .isGreaterThanOrEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void givenLoginFloodThresholds_whenRead_thenThePublishedLimitsHoldAndLoginsAreAnsweredOrTurnedAwayFast() {
        LoginFlood flood = catalog.loginFlood();
        FloodThresholds t = flood.thresholds();
        assertThat(t.endpoints()).containsExactly("refresh", "me");
        assertThat(t.rejectedLoginP99Millis()).isEqualTo(250);
        assertThat(t.failedRequests()).isZero();
        // a readiness answer later than a kubelet waits (timeoutSeconds: 1 by default) is a failed probe
        assertThat(flood.readinessTimeout()).isLessThanOrEqualTo(Duration.ofSeconds(1));
        // a login is answered 200 or 401, or turned away with 429/503; a right password never gets 401, a wrong one
        // never 200; nothing else is ever allowed (so no 5xx but 503)
        assertThat(flood.expectedLoginStatuses().get("right")).containsExactlyInAnyOrder(200, 429, 503);
        assertThat(flood.expectedLoginStatuses().get("wrong-password")).containsExactlyInAnyOrder(401, 429, 503);
        assertThat(flood.expectedLoginStatuses().get("unknown-account")).containsExactlyInAnyOrder(401, 429, 503);
        // mostly right passwords of seeded accounts, some of each other kind
        assertThat(flood.flooderMix()).contains("wrong-password", "unknown-account");
        assertThat(flood.flooderMix().stream().filter("right"::equals).count() * 2)
                .isGreaterThan(flood.flooderMix().size());
        assertThat(flood.kindOf(0)).isEqualTo(flood.flooderMix().get(0));
        assertThat(flood.kindOf(flood.flooderMix().size()))
                .isEqualTo(flood.flooderMix().get(0));
        // refresh and me at their published p95/p99, rejected p99, ready, flood-login, and every request
        assertThat(LoginFloodRun.assertions(catalog.thresholds(), t)).hasSize(8);
    }

    @Test
    void givenFloodTally_whenRejectionsRecorded_thenPercentilesAreOfTheRejectedOnly() {
        LoginFloodRun.Tally tally = new LoginFloodRun.Tally();
        for (int ms = 1; ms <= 100; ms++) {
            tally.record(503, ms);
        }
        tally.record(200, 900); // an accepted login is not a rejection, however slow
        tally.record(401, 1_000);
        tally.record(429, 5);
        assertThat(tally.rejectedPercentile(50)).isEqualTo(50);
        assertThat(tally.rejectedPercentile(99)).isEqualTo(99);
        assertThat(tally.rejectedPercentile(100)).isEqualTo(100);
        assertThat(tally.summary(250)).contains("{200=1, 401=1, 429=1, 503=100}", "rejected (429/503) 101");
    }

    @Test
    void givenBrokenFloodDeclarations_whenParsed_thenRefusedWithTheReason() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode real = json.readTree(Files.readString(Path.of(System.getProperty("gaara.scenarios"))));

        ObjectNode noFloodConfig = real.deepCopy();
        noFloodConfig.remove("loginFlood");
        assertThatThrownBy(() -> ScenarioCatalog.parse(noFloodConfig)).hasMessageContaining("'loginFlood' is missing");

        ObjectNode lateSessions = real.deepCopy();
        ((ObjectNode) lateSessions.at("/scenarios/login-flood-short/populations/sessions")).put("startTime", "10s");
        assertThatThrownBy(() -> ScenarioCatalog.parse(lateSessions)).hasMessageContaining("sign in first");

        ObjectNode loopingProbe = real.deepCopy();
        ObjectNode readiness = (ObjectNode) loopingProbe.at("/scenarios/login-flood-short/populations/readiness");
        readiness.put("executor", "constant-vus").put("vus", 1);
        assertThatThrownBy(() -> ScenarioCatalog.parse(loopingProbe))
                .hasMessageContaining("ready-probe needs constant-arrival-rate");

        ObjectNode unknownFlow = real.deepCopy();
        ((ObjectNode) unknownFlow.at("/scenarios/login-flood-short/populations/flooders")).put("flow", "dos");
        assertThatThrownBy(() -> ScenarioCatalog.parse(unknownFlow)).hasMessageContaining("flow 'dos'");

        ObjectNode unknownKind = real.deepCopy();
        ((ArrayNode) unknownKind.at("/loginFlood/flooderMix")).add("brute");
        assertThatThrownBy(() -> ScenarioCatalog.parse(unknownKind)).hasMessageContaining("flooderMix");
    }

    @Test
    void givenSpike_whenStagesRead_thenTheJumpIsSudden() {
        Load spike = catalog.scenario("spike").load();
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
            for (Population p : s.populations()) {
                Load load = p.load();
                int delay = load.startTime().isZero() ? 0 : 1;
                int expectedSteps =
                        delay + (load.stages().isEmpty() ? 1 : load.stages().size());
                String name = s.name() + "." + p.name();
                if (p.flow().equals("flood-login") || p.flow().equals("refresh-me")) {
                    assertThat(Injection.looping(load, name, 1.0)).as(name).hasSize(expectedSteps);
                } else if (load.isOpenModel()) {
                    assertThat(Injection.open(load, name, 1.0)).as(name).hasSize(expectedSteps);
                } else {
                    assertThat(Injection.closed(load, name, 1.0)).as(name).hasSize(expectedSteps);
                }
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
            // login-flood-short → LoginFloodShortSimulation, as perf/run.sh names it
            StringBuilder simulation = new StringBuilder("io.gaara.perf.");
            for (String part : name.split("-")) {
                simulation.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
            simulation.append("Simulation");
            assertThat(GaaraSimulation.class.isAssignableFrom(Class.forName(simulation.toString())))
                    .as(simulation.toString())
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
