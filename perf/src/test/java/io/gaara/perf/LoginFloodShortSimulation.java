package io.gaara.perf;

/**
 * The `login-flood-short` scenario of perf/scenarios.json: issue 8's flood test at the size `./mvnw verify` runs (64
 * flooders, 25 s); `k6 run -e SCENARIO=login-flood-short perf/k6/main.ts` is its k6 twin.
 */
public class LoginFloodShortSimulation extends GaaraSimulation {
    public LoginFloodShortSimulation() {
        super("login-flood-short");
    }
}
