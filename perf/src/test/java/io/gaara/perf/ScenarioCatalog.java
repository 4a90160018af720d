package io.gaara.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * perf/scenarios.json, the one declaration of every scenario's shape and of the thresholds, read here for Gatling
 * exactly as perf/k6/lib/config.ts reads it for k6. Field and executor names are k6's, so the file reads the same from
 * both sides.
 */
record ScenarioCatalog(Flow flow, Thresholds thresholds, Map<String, Scenario> scenarios) {

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

    record Stage(Duration duration, int target) {}

    /**
     * A k6 scenario. Closed executors ({@code constant-vus}, {@code ramping-vus}) use vus / startVUs and stages; open
     * ones ({@code constant-arrival-rate}, {@code ramping-arrival-rate}) use rate, startRate and timeUnit.
     * {@code users} is how many accounts to seed.
     */
    record Scenario(
            String name,
            String description,
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
            int users) {

        boolean isOpenModel() {
            return executor.endsWith("arrival-rate");
        }

        /** How long load is injected, before any graceful stop. */
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

        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        required(root, "scenarios").fields();
                it.hasNext(); ) {
            var e = it.next();
            scenarios.put(e.getKey(), scenario(e.getKey(), e.getValue()));
        }
        return new ScenarioCatalog(flow, thresholds, scenarios);
    }

    private static Scenario scenario(String name, JsonNode s) {
        String executor = required(s, "executor").textValue();
        if (!EXECUTORS.contains(executor)) {
            throw new IllegalArgumentException(
                    "scenario " + name + ": executor '" + executor + "' is not one of " + EXECUTORS);
        }
        List<Stage> stages = new ArrayList<>();
        if (s.has("stages")) {
            for (JsonNode stage : s.get("stages")) {
                stages.add(new Stage(
                        duration(required(stage, "duration").textValue()),
                        required(stage, "target").intValue()));
            }
        }
        Scenario scenario = new Scenario(
                name,
                s.path("description").asText(""),
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
                required(s, "users").intValue());
        boolean staged = executor.startsWith("ramping");
        if (staged == stages.isEmpty() || staged == s.has("duration")) {
            throw new IllegalArgumentException("scenario " + name + ": " + executor
                    + (staged ? " needs stages and no duration" : " needs a duration and no stages"));
        }
        if (scenario.users() < 1) {
            throw new IllegalArgumentException("scenario " + name + ": at least one user must be seeded");
        }
        return scenario;
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
