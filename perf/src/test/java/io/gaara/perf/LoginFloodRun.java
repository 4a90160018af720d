package io.gaara.perf;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.group;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gaara.perf.ScenarioCatalog.Flow;
import io.gaara.perf.ScenarioCatalog.Limit;
import io.gaara.perf.ScenarioCatalog.Load;
import io.gaara.perf.ScenarioCatalog.LoginFlood;
import io.gaara.perf.ScenarioCatalog.Population;
import io.gaara.perf.ScenarioCatalog.Scenario;
import io.gaara.perf.ScenarioCatalog.Thresholds;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8's flood test for Gatling, the twin of perf/k6/lib/flood.ts: flooders logging in back to back, signed-in users
 * refreshing and calling {@code /me}, a readiness prober, and the verdicts of {@code loginFlood.thresholds} as Gatling
 * assertions.
 *
 * <p>Gatling's response-time assertions take every answer of a request name, and a name is fixed before the answer
 * comes, so "the 99th percentile of the logins turned away" cannot be a response-time assertion. It is counted instead:
 * after each 429 or 503 a flooder passes through the group {@value #REJECTED}, which holds no request and is marked
 * failed when that answer took the limit or longer. At most 1 % of the group failed is the same verdict as a 99th
 * percentile under the limit. The same figures, measured, are logged at the end.
 */
final class LoginFloodRun {
    private static final Logger log = LoggerFactory.getLogger(LoginFloodRun.class);
    static final String REJECTED = "flood-login-rejected";
    private static final String API = GaaraSimulation.API;
    private static final String LOGIN_BODY = "{\"email\":\"#{email}\",\"password\":\"#{password}\"}";

    private final Flow flow;
    private final LoginFlood config;
    private final Scenario scenario;
    private final double timeScale;
    private final int sessionAccounts;
    private final int floodAccounts;
    private final Population flooders;
    private final Population sessions;
    private final Population prober;

    private final AtomicLong flooderCount = new AtomicLong();
    private final AtomicLong floodLogins = new AtomicLong();
    private final AtomicLong sessionCount = new AtomicLong();
    private final Tally tally = new Tally();
    private volatile long startNanos;

    LoginFloodRun(Flow flow, LoginFlood config, Scenario scenario, int users, double timeScale) {
        this.flow = flow;
        this.config = config;
        this.scenario = scenario;
        this.timeScale = timeScale;
        this.flooders = scenario.population("flood-login").orElseThrow();
        this.sessions = scenario.population("refresh-me").orElseThrow();
        this.prober = scenario.population("ready-probe").orElseThrow();
        this.sessionAccounts = sessions.load().vus();
        this.floodAccounts = users - sessionAccounts;
        if (floodAccounts < 1) {
            throw new IllegalArgumentException("login flood: " + users + " accounts leave none to the flooders after "
                    + sessionAccounts + " sessions; raise gaara.users");
        }
    }

    /** Before the injection, outside the statistics: the flood's path compiled (see loginFlood.warmupDuration). */
    void warmUp(String baseUrl, int users) {
        Warmup.flood(baseUrl, flow, config.warmupClients(), config.warmupDuration(), sessionAccounts, users);
    }

    /** Called as the injection begins: the sessions time their wait for the flood from here. */
    void start() {
        startNanos = System.nanoTime();
    }

    List<PopulationBuilder> populations(HttpProtocolBuilder ownConnections, HttpProtocolBuilder sharedConnections) {
        return List.of(
                scenario(sessions.name())
                        .exec(refreshMe())
                        .injectOpen(Injection.looping(sessions.load(), sessions.name(), timeScale))
                        .protocols(ownConnections),
                scenario(flooders.name())
                        .exec(floodLogin())
                        .injectOpen(Injection.looping(flooders.load(), flooders.name(), timeScale))
                        .protocols(ownConnections),
                scenario(prober.name())
                        .exec(readyProbe())
                        .injectOpen(Injection.open(prober.load(), prober.name(), timeScale))
                        .protocols(sharedConnections));
    }

    /**
     * The verdicts of loginFlood.thresholds, as the k6 twin's thresholds: the published p95/p99 of the named endpoints,
     * the rejected logins' p99 (see the class comment), and no request answered otherwise than expected or not at all.
     */
    static List<Assertion> assertions(Thresholds published, ScenarioCatalog.FloodThresholds flood) {
        List<Assertion> assertions = new ArrayList<>();
        for (String endpoint : flood.endpoints()) {
            Limit limit = published.endpoints().get(endpoint);
            if (limit == null) {
                throw new IllegalArgumentException("loginFlood.thresholds names " + endpoint
                        + ", which has no published limit in thresholds.endpoints");
            }
            assertions.add(details(endpoint).responseTime().percentile(95.0).lt((int) limit.p95Millis()));
            assertions.add(details(endpoint).responseTime().percentile(99.0).lt((int) limit.p99Millis()));
        }
        // p99 < limit ⟺ at most 1 % of the rejections took the limit or longer (lte: 30 slow of 3,000 still passes)
        assertions.add(details(REJECTED).failedRequests().percent().lte(1.0));
        assertions.add(details("ready").failedRequests().count().lte(flood.failedRequests()));
        assertions.add(details("flood-login").failedRequests().count().lte(flood.failedRequests()));
        assertions.add(global().failedRequests().count().lte(flood.failedRequests()));
        return assertions;
    }

    /**
     * A flooder: its kind once, then logins back to back until its population ends, each with the next flood account.
     */
    private ChainBuilder floodLogin() {
        Duration duration = Injection.scaled(flooders.load().duration(), timeScale);
        long slowMillis = config.thresholds().rejectedLoginP99Millis();
        return exec(session -> session.set("kind", config.kindOf(flooderCount.getAndIncrement())))
                .during(duration)
                .on(
                        exec(this::nextFloodLogin),
                        http("flood-login")
                                .post(API + "/login")
                                .body(StringBody(LOGIN_BODY))
                                .requestTimeout(config.requestTimeout())
                                // the first failing check ends the checking: save what the tally needs first
                                .check(
                                        status().saveAs("status"),
                                        responseTimeInMillis().saveAs("millis"),
                                        status().in(session -> expectedStatuses(session.getString("kind"))))
                                .checkIf((response, session) ->
                                        isRejection(response.status().code()))
                                .then(header("Retry-After").exists()),
                        exec(session -> {
                            tally.record(session);
                            return session;
                        }),
                        doIfRejected(slowMillis),
                        // a failed check marked the session; the next login starts clean
                        exec(Session::markAsSucceeded));
    }

    private ChainBuilder doIfRejected(long slowMillis) {
        return doIf(session -> session.contains("status") && isRejection(session.getInt("status")))
                .then(group(REJECTED)
                        .on(exec(
                                session -> session.getInt("millis") >= slowMillis ? session.markAsFailed() : session)));
    }

    private Session nextFloodLogin(Session session) {
        long n = floodLogins.getAndIncrement();
        String kind = session.getString("kind");
        String email = kind.equals("unknown-account")
                ? config.unknownEmail(n)
                : flow.email(sessionAccounts + (int) (n % floodAccounts));
        String password = kind.equals("wrong-password") ? config.wrongPassword() : flow.userPassword();
        // an answer that never came must not leave the previous one's status behind
        return session.set("email", email).set("password", password).removeAll("status", "millis");
    }

    private List<Integer> expectedStatuses(String kind) {
        return List.copyOf(config.expectedLoginStatuses().get(kind));
    }

    private static boolean isRejection(int status) {
        return status == 429 || status == 503;
    }

    /**
     * A signed-in user: logs in with an account of its own before the flood (after Retry-After on a 429 or 503), waits
     * for the flood, then refresh, /me, think, until its population ends. Its last attempt must be answered 200: one
     * that never signed in counts as a failed request and goes no further.
     */
    private ChainBuilder refreshMe() {
        Duration floodStart = Injection.scaledStart(flooders.load().startTime(), timeScale);
        Load load = sessions.load();
        Duration end =
                Injection.scaledStart(load.startTime(), timeScale).plus(Injection.scaled(load.duration(), timeScale));
        int attempts = config.sessionLoginAttempts();
        return exec(session -> session.set(
                                "email", flow.email((int) (sessionCount.getAndIncrement() % sessionAccounts)))
                        .set("password", flow.userPassword()))
                .asLongAs(session -> !session.contains("refresh") && attempt(session) < attempts, "attempt")
                .on(
                        exec(http("session-login")
                                .post(API + "/login")
                                .body(StringBody(LOGIN_BODY))
                                .requestTimeout(config.requestTimeout())
                                .check(status().in(session ->
                                        attempt(session) < attempts - 1 ? List.of(200, 429, 503) : List.of(200)))
                                .checkIf(
                                        (response, session) -> response.status().code() == 200)
                                .then(
                                        jmesPath("token_type").is("Bearer"),
                                        jmesPath("access_token").saveAs("access"),
                                        jmesPath("refresh_token").saveAs("refresh"))
                                .checkIf((response, session) ->
                                        isRejection(response.status().code()))
                                .then(header("Retry-After").saveAs("retryAfter"))),
                        doIf(session -> !session.contains("refresh")).then(pause(LoginFloodRun::retryAfter)))
                .exitHereIf(session -> !session.contains("refresh"))
                .pause(session -> untilSinceStart(floodStart))
                // until an absolute deadline: during(Function) would compare the time left, evaluated again at each
                // turn, with the time since the loop began, and so stop halfway
                .asLongAs(session -> !untilSinceStart(end).isZero())
                .on(
                        exec(session -> session.remove("access")),
                        http("refresh")
                                .post(API + "/refresh")
                                .body(StringBody("{\"refresh_token\":\"#{refresh}\"}"))
                                .requestTimeout(config.requestTimeout())
                                .check(
                                        status().is(200),
                                        jmesPath("refresh_token").saveAs("refresh"),
                                        jmesPath("access_token").saveAs("access")),
                        // a session whose refresh failed has no token pair left to go on with (as the k6 VU stops)
                        exitHereIf(session -> !session.contains("access")),
                        http("me")
                                .get(API + "/me")
                                .header("Authorization", "Bearer #{access}")
                                .requestTimeout(config.requestTimeout())
                                .check(status().is(200), jmesPath("email").isEL("#{email}")),
                        pause(config.thinkMin(), config.thinkMax()));
    }

    private static int attempt(Session session) {
        Integer attempt = session.getIntegerWrapper("attempt");
        return attempt == null ? 0 : attempt;
    }

    private static Duration retryAfter(Session session) {
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(session.getString("retryAfter"))));
        } catch (RuntimeException missingOrNotSeconds) {
            return Duration.ofSeconds(1);
        }
    }

    private Duration untilSinceStart(Duration offset) {
        long left = startNanos + offset.toNanos() - System.nanoTime();
        return Duration.ofNanos(Math.max(0, left));
    }

    /** One probe per arrival, as a kubelet probes: /health/ready must answer 200 every time, within its timeout. */
    private ChainBuilder readyProbe() {
        return exec(http("ready")
                .get("/health/ready")
                .requestTimeout(config.readinessTimeout())
                .check(status().is(200)));
    }

    void logSummary() {
        log.info("{}: {}", scenario.name(), tally.summary(config.thresholds().rejectedLoginP99Millis()));
    }

    /** The flood logins' answers by status, and the rejected ones' time to answer, to the millisecond. */
    static final class Tally {
        private static final int MAX_MILLIS = 120_000;
        private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        private final LongAdder unanswered = new LongAdder();
        private final AtomicLongArray rejectedMillis = new AtomicLongArray(MAX_MILLIS + 1);
        private final LongAdder rejected = new LongAdder();

        void record(Session session) {
            if (session.contains("status") && session.contains("millis")) {
                record(session.getInt("status"), session.getInt("millis"));
            } else {
                unanswered.increment();
            }
        }

        void record(int status, int millis) {
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            if (isRejection(status)) {
                rejectedMillis.incrementAndGet(Math.max(0, Math.min(MAX_MILLIS, millis)));
                rejected.increment();
            }
        }

        /** The smallest time in ms at or under which {@code percent} % of the rejected logins were answered. */
        long rejectedPercentile(double percent) {
            long total = rejected.sum();
            if (total == 0) {
                return -1;
            }
            long rank = (long) Math.ceil(percent / 100.0 * total);
            long seen = 0;
            for (int ms = 0; ms <= MAX_MILLIS; ms++) {
                seen += rejectedMillis.get(ms);
                if (seen >= Math.max(1, rank)) {
                    return ms;
                }
            }
            return MAX_MILLIS;
        }

        String summary(long slowMillis) {
            Map<Integer, Long> byStatus = new TreeMap<>();
            statuses.forEach((status, count) -> byStatus.put(status, count.sum()));
            long slow = 0;
            for (int ms = (int) Math.min(slowMillis, MAX_MILLIS); ms <= MAX_MILLIS; ms++) {
                slow += rejectedMillis.get(ms);
            }
            return String.format(
                    "flood-login answers by status %s, unanswered %d; rejected (429/503) %d: p50 %d, p95 %d, p99 %d,"
                            + " max %d ms; %d took %d ms or more",
                    byStatus,
                    unanswered.sum(),
                    rejected.sum(),
                    rejectedPercentile(50),
                    rejectedPercentile(95),
                    rejectedPercentile(99),
                    rejectedPercentile(100),
                    slow,
                    slowMillis);
        }
    }
}
