package io.gaara.perf;

/** The `stress` scenario of perf/scenarios.json; `k6 run -e SCENARIO=stress perf/k6/main.ts` is its k6 twin. */
public class StressSimulation extends GaaraSimulation {
    public StressSimulation() {
        super("stress");
    }
}
