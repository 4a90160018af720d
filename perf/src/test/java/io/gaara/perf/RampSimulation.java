package io.gaara.perf;

/** The `ramp` scenario of perf/scenarios.json; perf/k6/scenarios/ramp.ts is its k6 twin. */
public class RampSimulation extends GaaraSimulation {
    public RampSimulation() {
        super("ramp");
    }
}
