package io.gaara.perf;

/** The `baseline` scenario of perf/scenarios.json; perf/k6/scenarios/baseline.ts is its k6 twin. */
public class BaselineSimulation extends GaaraSimulation {
    public BaselineSimulation() {
        super("baseline");
    }
}
