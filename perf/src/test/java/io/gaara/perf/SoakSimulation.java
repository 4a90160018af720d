package io.gaara.perf;

/** The `soak` scenario of perf/scenarios.json; `k6 run -e SCENARIO=soak perf/k6/main.ts` is its k6 twin. */
public class SoakSimulation extends GaaraSimulation {
    public SoakSimulation() {
        super("soak");
    }
}
