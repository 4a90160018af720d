package io.gaara.perf;

/** The `soak` scenario of perf/scenarios.json; perf/k6/scenarios/soak.ts is its k6 twin. */
public class SoakSimulation extends GaaraSimulation {
    public SoakSimulation() {
        super("soak");
    }
}
