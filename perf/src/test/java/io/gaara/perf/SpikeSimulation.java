package io.gaara.perf;

/** The `spike` scenario of perf/scenarios.json; perf/k6/scenarios/spike.ts is its k6 twin. */
public class SpikeSimulation extends GaaraSimulation {
    public SpikeSimulation() {
        super("spike");
    }
}
