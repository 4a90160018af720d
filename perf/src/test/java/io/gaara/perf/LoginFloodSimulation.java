package io.gaara.perf;

/**
 * The `login-flood` scenario of perf/scenarios.json, issue 8's flood test as a campaign (256 flooders, 5 minutes; by
 * hand: perf/run.sh login-flood); `k6 run -e SCENARIO=login-flood perf/k6/main.ts` is its k6 twin.
 */
public class LoginFloodSimulation extends GaaraSimulation {
    public LoginFloodSimulation() {
        super("login-flood");
    }
}
