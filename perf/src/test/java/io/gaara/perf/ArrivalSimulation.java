package io.gaara.perf;

/** The `arrival` scenario of perf/scenarios.json; perf/k6/scenarios/arrival.ts is its k6 twin. */
public class ArrivalSimulation extends GaaraSimulation {
    public ArrivalSimulation() {
        super("arrival");
    }
}
