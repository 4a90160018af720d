package io.gaara.perf;

/** The `baseline` scenario of perf/scenarios.json; `k6 run -e SCENARIO=baseline perf/k6/main.ts` is its k6 twin. */
public class BaselineSimulation extends GaaraSimulation {
    public BaselineSimulation() {
        super("baseline");
    }
}
