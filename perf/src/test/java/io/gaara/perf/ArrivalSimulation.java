package io.gaara.perf;

/** The `arrival` scenario of perf/scenarios.json; `k6 run -e SCENARIO=arrival perf/k6/main.ts` is its k6 twin. */
public class ArrivalSimulation extends GaaraSimulation {
    public ArrivalSimulation() {
        super("arrival");
    }
}
