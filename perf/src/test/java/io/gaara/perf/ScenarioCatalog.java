package io.gaara.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * perf/scenarios.json, the one declaration of every scenario's shape and of the thresholds, read here for Gatling
 * exactly as perf/k6/lib/config.ts reads it for k6. Field and executor names are k6's, so the file reads the same from
 * both sides.
 */
record ScenarioCatalog(Flow flow, Thresholds thresholds, LoginFlood loginFlood, Map<String, Scenario> scenarios) {

    /** One iteration of a virtual user: login, me, {@code refreshesPerLogin} × (refresh, me), logout. */
    record Flow(
            int refreshesPerLogin,
            Duration thinkMin,
            Duration thinkMax,
            String userEmailPattern,
            String userPassword,
            int warmupSessions) {
        String email(int index) {
            return String.format(userEmailPattern, index);
        }
    }

    record Limit(long p95Millis, long p99Millis) {}

    /** Endpoint names are the request names: {@code login}, {@code refresh}, {@code me}, {@code logout}. */
    record Thresholds(Map<String, Limit> endpoints, double errorRate, long droppedIterations) {}

    /** Issue 8's flood test: who floods with what, what answers are allowed, and its verdicts. */
    record LoginFlood(
            List<String> flooderMix,
            Map<String, Set<Integer>> expectedLoginStatuses,
            String unknownEmailPattern,
            String wrongPassword,
            Duration thinkMin,
            Duration thinkMax,
            int sessionLoginAttempts,
            Duration requestTimeout,
            Duration readinessTimeout,
            int warmupClients,
            Duration warmupDuration,
            FloodThresholds thresholds) {

        static final List<String> KINDS = List.of("right", "wrong-password", "unknown-account");

        /** Flooder {@code n} (0-based, in start order) floods with this kind of login. */
        String kindOf(long flooder) {
            return flooderMix.get((int) (flooder % flooderMix.size()));
        }

        String unknownEmail(long index) {
            return String.format(unknownEmailPattern, index);
        }
    }

    /**
     * {@code endpoints}: which published limits hold during the flood; {@code rejectedLoginP99Millis}: how fast a 429
     * or 503 answers; {@code failedRequests}: how many requests may be answered otherwise than expected (or not at
     * all).
     */
    record FloodThresholds(List<String> endpoints, long rejectedLoginP99Millis, long failedRequests) {}

    record Stage(Duration duration, int target) {}

    /**
     * How one group of virtual users is started: a k6 executor and its fields. Closed executors ({@code constant-vus},
     * {@code ramping-vus}) use vus / startVUs and stages; open ones ({@code constant-arrival-rate},
     * {@code ramping-arrival-rate}) use rate, startRate and timeUnit. {@code startTime} delays the start, as in k6.
     */
    record Load(
            String executor,
            int vus,
            Duration duration,
            int startVUs,
            List<Stage> stages,
            double rate,
            double startRate,
            Duration timeUnit,
            int preAllocatedVUs,
            int maxVUs,
            Duration startTime) {

        boolean isOpenModel() {
            return executor.endsWith("arrival-rate");
        }

        /** How long load is injected once started, before any graceful stop. */
        Duration injectionDuration() {
            return switch (executor) {
                case "constant-vus", "constant-arrival-rate" -> duration;
                case "ramping-vus", "ramping-arrival-rate" ->
                    stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
                default -> throw new IllegalArgumentException("unsupported executor " + executor);
            };
        }

        int peakConcurrency() {
            return switch (executor) {
                case "constant-vus" -> vus;
                case "ramping-vus" ->
                    Math.max(
                            startVUs,
                            stages.stream().mapToInt(Stage::target).max().orElse(0));
                default -> maxVUs;
            };
        }
    }

    /**
     * One group of virtual users running one flow: {@code session} (the flow above, one session per iteration), or the
     * flood test's {@code flood-login}, {@code refresh-me} and {@code ready-probe}.
     */
    record Population(String name, String flow, Load load) {}

    /**
     * A scenario: one population running the session flow (its executor fields sit on the scenario itself), or several
     * under {@code populations}, each with its own flow and executor, as k6 runs several scenarios at once.
     * {@code users} is how many accounts to seed.
     */
    record Scenario(String name, String description, int users, List<Population> populations) {

        /** The load of a one-population scenario. */
        Load load() {
            if (populations.size() != 1) {
                throw new IllegalStateException("scenario " + name + " has " + populations.size() + " populations");
            }
            return populations.get(0).load();
        }

        Optional<Population> population(String flow) {
            return populations.stream().filter(p -> p.flow().equals(flow)).findFirst();
        }

        boolean isLoginFlood() {
            return population("flood-login").isPresent();
        }

        /** From the start of the first population to the end of the last, before any graceful stop. */
        Duration injectionDuration() {
            return populations.stream()
                    .map(p -> p.load().startTime().plus(p.load().injectionDuration()))
                    .max(Comparator.naturalOrder())
                    .orElse(Duration.ZERO);
        }
    }

    static final List<String> FLOWS = List.of("session", "flood-login", "refresh-me", "ready-probe");

    static final List<String> EXECUTORS =
            List.of("constant-vus", "ramping-vus", "constant-arrival-rate", "ramping-arrival-rate");

    /**
     * Reads the file named by {@code -Dgaara.scenarios}, else perf/scenarios.json from the module or the repository
     * root.
     */
    static ScenarioCatalog load() {
        String configured = System.getProperty("gaara.scenarios");
        Path path;
        if (configured != null && !configured.isBlank()) {
            path = Path.of(configured);
        } else if (Files.exists(Path.of("scenarios.json"))) {
            path = Path.of("scenarios.json");
        } else {
            path = Path.of("perf", "scenarios.json");
        }
        return load(path);
    }

    static ScenarioCatalog load(Path path) {
        try {
            return parse(new ObjectMapper().readTree(Files.readString(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }

    Scenario scenario(String name) {
        Scenario scenario = scenarios.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException(
                    "no scenario '" + name + "' in scenarios.json; known: " + scenarios.keySet());
        }
        return scenario;
    }

    static ScenarioCatalog parse(JsonNode root) {
        JsonNode f = required(root, "flow");
        JsonNode think = required(f, "thinkTime");
        Flow flow = new Flow(
                required(f, "refreshesPerLogin").intValue(),
                seconds(required(think, "minSeconds").doubleValue()),
                seconds(required(think, "maxSeconds").doubleValue()),
                required(f, "userEmailPattern").textValue(),
                required(f, "userPassword").textValue(),
                required(f, "warmupSessions").intValue());

        JsonNode t = required(root, "thresholds");
        Map<String, Limit> limits = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = required(t, "endpoints").fields(); it.hasNext(); ) {
            var e = it.next();
            limits.put(
                    e.getKey(),
                    new Limit(
                            required(e.getValue(), "p95").longValue(),
                            required(e.getValue(), "p99").longValue()));
        }
        Thresholds thresholds = new Thresholds(
                Map.copyOf(limits),
                required(t, "errorRate").doubleValue(),
                required(t, "droppedIterations").longValue());

        LoginFlood loginFlood = root.has("loginFlood") ? loginFlood(root.get("loginFlood")) : null;

        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        required(root, "scenarios").fields();
                it.hasNext(); ) {
            var e = it.next();
            Scenario scenario = scenario(e.getKey(), e.getValue());
            if (scenario.isLoginFlood() && loginFlood == null) {
                throw new IllegalArgumentException(
                        "scenario " + e.getKey() + " floods logins: 'loginFlood' is missing");
            }
            scenarios.put(e.getKey(), scenario);
        }
        return new ScenarioCatalog(flow, thresholds, loginFlood, scenarios);
    }

    private static LoginFlood loginFlood(JsonNode f) {
        List<String> mix = new ArrayList<>();
        required(f, "flooderMix").forEach(kind -> mix.add(kind.textValue()));
        Map<String, Set<Integer>> statuses = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        required(f, "expectedLoginStatuses").fields();
                it.hasNext(); ) {
            var e = it.next();
            Set<Integer> allowed = new TreeSet<>();
            e.getValue().forEach(code -> allowed.add(code.intValue()));
            statuses.put(e.getKey(), Set.copyOf(allowed));
        }
        if (mix.isEmpty()
                || !LoginFlood.KINDS.containsAll(mix)
                || !statuses.keySet().containsAll(mix)) {
            throw new IllegalArgumentException("loginFlood: flooderMix " + mix + " must name kinds of "
                    + LoginFlood.KINDS + ", each with its expectedLoginStatuses");
        }
        JsonNode think = required(f, "sessionThinkTime");
        JsonNode t = required(f, "thresholds");
        List<String> endpoints = new ArrayList<>();
        required(t, "endpoints").forEach(name -> endpoints.add(name.textValue()));
        return new LoginFlood(
                List.copyOf(mix),
                Map.copyOf(statuses),
                required(f, "unknownEmailPattern").textValue(),
                required(f, "wrongPassword").textValue(),
                seconds(required(think, "minSeconds").doubleValue()),
                seconds(required(think, "maxSeconds").doubleValue()),
                required(f, "sessionLoginAttempts").intValue(),
                duration(required(f, "requestTimeout").textValue()),
                duration(required(f, "readinessTimeout").textValue()),
                required(f, "warmupClients").intValue(),
                duration(required(f, "warmupDuration").textValue()),
                new FloodThresholds(
                        List.copyOf(endpoints),
                        required(t, "rejectedLoginP99").longValue(),
                        required(t, "failedRequests").longValue()));
    }

    private static Scenario scenario(String name, JsonNode s) {
        int users = required(s, "users").intValue();
        if (users < 1) {
            throw new IllegalArgumentException("scenario " + name + ": at least one user must be seeded");
        }
        List<Population> populations = new ArrayList<>();
        if (s.has("populations")) {
            if (s.has("executor")) {
                throw new IllegalArgumentException(
                        "scenario " + name + ": an executor goes on each population, not on the scenario");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = s.get("populations").fields(); it.hasNext(); ) {
                var e = it.next();
                String where = name + "." + e.getKey();
                populations.add(population(
                        where, e.getKey(), required(e.getValue(), "flow").textValue(), e.getValue()));
            }
        } else {
            populations.add(population(name, name, "session", s));
        }
        if (populations.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + ": no population");
        }
        Scenario scenario = new Scenario(name, s.path("description").asText(""), users, List.copyOf(populations));
        if (scenario.isLoginFlood()) {
            checkFlood(scenario);
        }
        return scenario;
    }

    private static Population population(String where, String name, String flow, JsonNode s) {
        if (!FLOWS.contains(flow)) {
            throw new IllegalArgumentException("scenario " + where + ": flow '" + flow + "' is not one of " + FLOWS);
        }
        String executor = required(s, "executor").textValue();
        if (!EXECUTORS.contains(executor)) {
            throw new IllegalArgumentException(
                    "scenario " + where + ": executor '" + executor + "' is not one of " + EXECUTORS);
        }
        List<Stage> stages = new ArrayList<>();
        if (s.has("stages")) {
            for (JsonNode stage : s.get("stages")) {
                stages.add(new Stage(
                        duration(required(stage, "duration").textValue()),
                        required(stage, "target").intValue()));
            }
        }
        Load load = new Load(
                executor,
                s.path("vus").asInt(0),
                s.has("duration") ? duration(s.get("duration").textValue()) : Duration.ZERO,
                s.path("startVUs").asInt(0),
                List.copyOf(stages),
                s.path("rate").asDouble(0),
                s.path("startRate").asDouble(0),
                duration(s.path("timeUnit").asText("1s")),
                s.path("preAllocatedVUs").asInt(0),
                s.path("maxVUs").asInt(0),
                s.has("startTime") ? duration(s.get("startTime").textValue()) : Duration.ZERO);
        boolean staged = executor.startsWith("ramping");
        if (staged == stages.isEmpty() || staged == s.has("duration")) {
            throw new IllegalArgumentException("scenario " + where + ": " + executor
                    + (staged ? " needs stages and no duration" : " needs a duration and no stages"));
        }
        // a looping flow keeps its state (its tokens, its place in the flood) from one iteration to the next, as a
        // k6 VU does: in Gatling each of its users loops for the whole duration, so the number of users must be fixed
        if ((flow.equals("flood-login") || flow.equals("refresh-me")) && !executor.equals("constant-vus")) {
            throw new IllegalArgumentException("scenario " + where + ": flow " + flow + " needs constant-vus");
        }
        if (flow.equals("ready-probe") && !executor.equals("constant-arrival-rate")) {
            throw new IllegalArgumentException("scenario " + where + ": flow ready-probe needs constant-arrival-rate");
        }
        return new Population(name, flow, load);
    }

    /** The flood test: one population of each of its three flows; the sessions sign in before the flood begins. */
    private static void checkFlood(Scenario s) {
        for (String flow : List.of("flood-login", "refresh-me", "ready-probe")) {
            long count =
                    s.populations().stream().filter(p -> p.flow().equals(flow)).count();
            if (count != 1) {
                throw new IllegalArgumentException(
                        "scenario " + s.name() + ": needs one population of flow " + flow + " (has " + count + ")");
            }
        }
        if (s.populations().stream().anyMatch(p -> p.flow().equals("session"))) {
            throw new IllegalArgumentException("scenario " + s.name() + ": the session flow does not mix with a flood");
        }
        Load sessions = s.population("refresh-me").orElseThrow().load();
        Load flooders = s.population("flood-login").orElseThrow().load();
        if (sessions.startTime().compareTo(flooders.startTime()) >= 0) {
            throw new IllegalArgumentException(
                    "scenario " + s.name() + ": the sessions must start before the flooders, to sign in first");
        }
        if (s.users() <= sessions.vus()) {
            throw new IllegalArgumentException("scenario " + s.name()
                    + ": users must exceed the sessions' vus (a session has its own account, the flooders the rest)");
        }
    }

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    /** A k6 duration string: {@code 500ms}, {@code 30s}, {@code 1m30s}, {@code 1h}. */
    static Duration duration(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty duration");
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            end = m.end();
            double value = Double.parseDouble(m.group(1));
            long unitMillis = switch (m.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            total = total.plusMillis(Math.round(value * unitMillis));
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("not a k6 duration: '" + text + "'");
        }
        return total;
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1_000));
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("scenarios.json: missing '" + field + "'");
        }
        return value;
    }
}
