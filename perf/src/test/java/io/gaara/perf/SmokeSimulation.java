package io.gaara.perf;

/** The `smoke` scenario of perf/scenarios.json; `k6 run -e SCENARIO=smoke perf/k6/main.ts` is its k6 twin. */
public class SmokeSimulation extends GaaraSimulation {
    public SmokeSimulation() {
        super("smoke");
    }
}
