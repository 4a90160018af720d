package io.gaara.perf;

/** The `smoke` scenario of perf/scenarios.json; perf/k6/scenarios/smoke.ts is its k6 twin. */
public class SmokeSimulation extends GaaraSimulation {
    public SmokeSimulation() {
        super("smoke");
    }
}
