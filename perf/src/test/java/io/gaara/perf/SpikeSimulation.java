package io.gaara.perf;

/** The `spike` scenario of perf/scenarios.json; `k6 run -e SCENARIO=spike perf/k6/main.ts` is its k6 twin. */
public class SpikeSimulation extends GaaraSimulation {
    public SpikeSimulation() {
        super("spike");
    }
}
