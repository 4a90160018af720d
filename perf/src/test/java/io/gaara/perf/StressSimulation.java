package io.gaara.perf;

/** The `stress` scenario of perf/scenarios.json; perf/k6/scenarios/stress.ts is its k6 twin. */
public class StressSimulation extends GaaraSimulation {
    public StressSimulation() {
        super("stress");
    }
}
