package io.gaara.perf;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIfFailed;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gaara.perf.ScenarioCatalog.Flow;
import io.gaara.perf.ScenarioCatalog.Limit;
import io.gaara.perf.ScenarioCatalog.Load;
import io.gaara.perf.ScenarioCatalog.Scenario;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM twin of perf/k6: the same flow, request names and checks as perf/k6/lib/flow.ts (perf/k6/lib/flood.ts and
 * {@link LoginFloodRun} for the login-flood scenarios), the shape and thresholds of one scenario from
 * perf/scenarios.json. Subclasses only name the scenario.
 *
 * <p>System properties: {@code gaara.baseUrl} (blank: start {@code gaara.jar} here on a fresh database and stop it
 * afterwards), {@code gaara.timeScale} (multiplies stage durations, not think time; 0.1 runs the soak in 6 minutes),
 * {@code gaara.seed} ({@code false} when the accounts exist), {@code gaara.users} (accounts to seed and log in with;
 * default from the scenario).
 */
public abstract class GaaraSimulation extends Simulation {
    private static final Logger log = LoggerFactory.getLogger(GaaraSimulation.class);
    static final String API = "/api/v1/auth";
    /** k6's default gracefulStop: an iteration in flight when the injection ends gets this long to finish. */
    static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);

    private final ScenarioCatalog catalog;
    private final Scenario scenario;
    private final int users;
    private final GaaraServerProcess server;
    private final String baseUrl;
    /** The flood test's own state, for a login-flood scenario; null otherwise. */
    private final LoginFloodRun flood;

    protected GaaraSimulation(String scenarioName) {
        catalog = ScenarioCatalog.load();
        scenario = catalog.scenario(scenarioName);
        users = Integer.getInteger("gaara.users", scenario.users());
        double timeScale = Double.parseDouble(property("gaara.timeScale", "1"));

        String configuredUrl = property("gaara.baseUrl", "");
        if (configuredUrl.isBlank()) {
            server = GaaraServerProcess.start(
                    Path.of(property("gaara.jar", "../bootstrap/target/gaara.jar")),
                    Path.of(property("gaara.workDir", "target/gaara-server")));
            baseUrl = server.baseUrl();
        } else {
            server = null;
            baseUrl = configuredUrl.replaceAll("/+$", "");
        }

        HttpProtocolBuilder ownConnections = http.baseUrl(baseUrl)
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .userAgentHeader("gaara-perf-gatling")
                .warmUp(baseUrl + "/health/live");
        // a k6 VU keeps its connections from one iteration to the next; a Gatling user that lives one iteration
        // would open new ones each time without this
        HttpProtocolBuilder sharedConnections = ownConnections.shareConnections();

        List<PopulationBuilder> populations;
        List<Assertion> assertions;
        if (scenario.isLoginFlood()) {
            flood = new LoginFloodRun(catalog.flow(), catalog.loginFlood(), scenario, users, timeScale);
            populations = flood.populations(ownConnections, sharedConnections);
            assertions = LoginFloodRun.assertions(
                    catalog.thresholds(), catalog.loginFlood().thresholds());
        } else {
            flood = null;
            Load load = scenario.load();
            ScenarioBuilder flow = scenario(scenario.name()).exec(flow(catalog.flow(), users));
            populations = List.of((load.isOpenModel()
                            ? flow.injectOpen(Injection.open(load, scenario.name(), timeScale))
                            : flow.injectClosed(Injection.closed(load, scenario.name(), timeScale)))
                    .protocols(sharedConnections));
            assertions = assertions(catalog.thresholds());
        }

        Duration injection = scenario.populations().stream()
                .map(p -> Injection.scaledStart(p.load().startTime(), timeScale)
                        .plus(Injection.scaled(p.load().injectionDuration(), timeScale)))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        log.info(
                "scenario {} ({}): {} for {} s, {} seeded users, against {}",
                scenario.name(),
                scenario.description(),
                scenario.populations().stream()
                        .map(p -> p.name() + " " + p.flow() + " " + p.load().executor())
                        .toList(),
                injection.toSeconds(),
                users,
                baseUrl);
        setUp(populations).assertions(assertions).maxDuration(injection.plus(GRACEFUL_STOP));
    }

    @Override
    public void before() {
        if (Boolean.parseBoolean(property("gaara.seed", "true"))) {
            Seeder.seed(baseUrl, catalog.flow(), users);
        }
        Warmup.run(baseUrl, catalog.flow(), users);
        if (flood != null) {
            flood.warmUp(baseUrl, users);
            flood.start();
        }
    }

    @Override
    public void after() {
        if (flood != null) {
            flood.logSummary();
        }
        if (server != null) {
            server.close();
        }
    }

    /** One session, as in perf/k6/lib/flow.ts: login, me, n × (think, refresh, me), think, logout, think. */
    static ChainBuilder flow(Flow flow, int users) {
        AtomicLong next = new AtomicLong();
        Iterator<Map<String, Object>> accounts = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                int index = (int) (next.getAndIncrement() % users);
                return Map.of("email", flow.email(index), "password", flow.userPassword());
            }
        };
        ChainBuilder me = exec(http("me")
                .get(API + "/me")
                .header("Authorization", "Bearer #{access}")
                .check(status().is(200), jmesPath("email").isEL("#{email}")));
        return exec(
                feed(accounts),
                http("login")
                        .post(API + "/login")
                        .body(StringBody("{\"email\":\"#{email}\",\"password\":\"#{password}\"}"))
                        .check(
                                status().is(200),
                                jmesPath("token_type").is("Bearer"),
                                jmesPath("access_token").saveAs("access"),
                                jmesPath("refresh_token").saveAs("refresh")),
                // without tokens the rest of the session would only add failures that say nothing new
                exitHereIfFailed(),
                me,
                repeat(flow.refreshesPerLogin())
                        .on(
                                pause(flow.thinkMin(), flow.thinkMax()),
                                http("refresh")
                                        .post(API + "/refresh")
                                        .body(StringBody("{\"refresh_token\":\"#{refresh}\"}"))
                                        .check(
                                                status().is(200),
                                                jmesPath("access_token").saveAs("access"),
                                                jmesPath("refresh_token").saveAs("refresh")),
                                exitHereIfFailed(),
                                me),
                pause(flow.thinkMin(), flow.thinkMax()),
                http("logout")
                        .post(API + "/logout")
                        .body(StringBody("{\"refresh_token\":\"#{refresh}\"}"))
                        .check(status().is(204)),
                pause(flow.thinkMin(), flow.thinkMax()));
    }

    /**
     * The k6 thresholds, one for one. k6's dropped_iterations has no twin: Gatling's open model never drops an arrival.
     */
    static List<Assertion> assertions(ScenarioCatalog.Thresholds thresholds) {
        List<Assertion> assertions = new ArrayList<>();
        for (Map.Entry<String, Limit> e : thresholds.endpoints().entrySet()) {
            assertions.add(details(e.getKey()).responseTime().percentile(95.0).lt((int)
                    e.getValue().p95Millis()));
            assertions.add(details(e.getKey()).responseTime().percentile(99.0).lt((int)
                    e.getValue().p99Millis()));
        }
        assertions.add(global().failedRequests().percent().lt(thresholds.errorRate() * 100));
        return assertions;
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null ? fallback : value;
    }
}
