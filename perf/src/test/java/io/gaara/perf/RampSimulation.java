package io.gaara.perf;

/** The `ramp` scenario of perf/scenarios.json; `k6 run -e SCENARIO=ramp perf/k6/main.ts` is its k6 twin. */
public class RampSimulation extends GaaraSimulation {
    public RampSimulation() {
        super("ramp");
    }
}
