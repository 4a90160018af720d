package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.ThrottlePolicy.Backoff;
import io.gaara.domain.ThrottlePolicy.LoginLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the brute-force throttle costs the login path in database time: each statement {@link JdbiAttemptCounters} runs,
 * timed one at a time from this JVM through the pool to a durable embedded PostgreSQL (fsync and synchronous commit on,
 * as the server runs it), next to a bare {@code SELECT 1} over the same path. Not a test: run it with
 * {@code perf/bench/attempt-counters.sh}, which records machine, date and commit with the figures.
 *
 * <p>Arguments: {@code [iterations per phase] [background rows] [results file]}; one JSON line per phase, logged and
 * appended to the results file when one is given.
 */
public final class AttemptCountersBench {
    private static final LoginLimits LIMITS = LoginLimits.DEFAULT;
    private static final Logger LOG = LoggerFactory.getLogger(AttemptCountersBench.class);
    private static Path results;

    private AttemptCountersBench() {}

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int background = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        results = args.length > 2 ? Path.of(args[2]) : null;
        Path dir = Files.createTempDirectory("gaara-attempts-bench");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir, 0, true);
                PostgresPersistence persistence =
                        PostgresPersistence.start(server.settings(10), Duration.ofMinutes(15), Clock.systemUTC())) {
            AttemptCounters counters = persistence.attemptCounters();
            Instant now = Instant.now();
            fill(counters, background, now);
            new AttemptCountersBench().run(persistence, counters, iterations, background, now);
        }
    }

    private void run(
            PostgresPersistence persistence, AttemptCounters counters, int iterations, int background, Instant now)
            throws Exception {
        String context = "\"iterations\": " + iterations + ", \"backgroundRows\": " + background;
        phase(
                "select-1",
                context,
                iterations,
                i -> persistence
                        .jdbi()
                        .withHandle(h ->
                                h.createQuery("SELECT 1").mapTo(Integer.class).one()));
        phase("check-no-counters", context, iterations, i -> counters.read(keysOf("clean-" + i), now));
        phase("check-three-counters", context, iterations, i -> counters.read(keysOf("bg-" + (i % background)), now));
        phase(
                "failure-upsert-new-keys",
                context,
                iterations,
                i -> counters.recordFailure(backoffs(keysOf("new-" + i)), LIMITS.forgetAfter(), now));
        phase(
                "failure-upsert-existing-keys",
                context,
                iterations,
                i -> counters.recordFailure(backoffs(keysOf("bg-" + (i % background))), LIMITS.forgetAfter(), now));
        phase(
                "reset-after-success",
                context,
                iterations,
                i -> counters.clear(keysOf("new-" + i).subList(0, 2)));
        phase(
                "register-acquire",
                context,
                iterations,
                i -> counters.tryAcquire("register:ip:bench-" + (i % 1_000), 1_000_000, Duration.ofHours(1), now));
        hotKey(counters, context, iterations, now);
        sweep(counters, context, background, now);
    }

    /** Background rows, as a table under a credential-stuffing run holds: three keys per tried account. */
    private static void fill(AttemptCounters counters, int background, Instant now) {
        for (int i = 0; i < background; i++) {
            counters.recordFailure(backoffs(keysOf("bg-" + i)), LIMITS.forgetAfter(), now);
        }
    }

    private static List<String> keysOf(String account) {
        String digest = Integer.toHexString(account.hashCode()) + "0".repeat(56);
        return List.of(
                "login:account-ip:" + digest + account + "@198.51.100.7",
                "login:account:" + digest + account,
                "login:ip:198.51.100." + Math.floorMod(account.hashCode(), 250));
    }

    private static Map<String, Backoff> backoffs(List<String> keys) {
        Map<String, Backoff> map = new LinkedHashMap<>();
        map.put(keys.get(0), LIMITS.accountFromIp());
        map.put(keys.get(1), LIMITS.account());
        map.put(keys.get(2), LIMITS.ip());
        return map;
    }

    /** Warms up on a third as many calls, then times each call; prints mean and percentiles in microseconds. */
    /** One phase's figures: logged, and kept in the results file the script reads. */
    private static void result(String format, Object... args) {
        String line = String.format(Locale.ROOT, format, args);
        LOG.info("{}", line);
        if (results != null) {
            try {
                Files.writeString(results, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void phase(String name, String context, int iterations, IntConsumer call) {
        for (int i = 0; i < iterations / 3; i++) {
            call.accept(iterations + i);
        }
        long[] micros = new long[iterations];
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            call.accept(i);
            micros[i] = (System.nanoTime() - t0) / 1_000;
        }
        long total = System.nanoTime() - start;
        Arrays.sort(micros);
        result(
                "{\"phase\": \"%s\", %s, \"meanMicros\": %d, \"p50Micros\": %d, \"p95Micros\": %d,"
                        + " \"p99Micros\": %d, \"maxMicros\": %d}",
                name,
                context,
                total / 1_000 / iterations,
                micros[iterations / 2],
                micros[(int) (iterations * 0.95)],
                micros[(int) (iterations * 0.99)],
                micros[iterations - 1]);
    }

    /** Eight threads failing on one account from one address: the row lock serializes them. */
    private static void hotKey(AttemptCounters counters, String context, int iterations, Instant now) throws Exception {
        int threads = 8;
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    while (done.getAndIncrement() < iterations) {
                        counters.recordFailure(backoffs(keysOf("hot")), LIMITS.forgetAfter(), now);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            result(
                    "{\"phase\": \"failure-upsert-one-hot-account-8-threads\", %s, \"perSecond\": %.0f}",
                    context, iterations / seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sweep(AttemptCounters counters, String context, int background, Instant now) {
        long start = System.nanoTime();
        int swept = counters.sweep(now.plus(LIMITS.forgetAfter()).plusSeconds(1));
        long millis = (System.nanoTime() - start) / 1_000_000;
        result("{\"phase\": \"sweep-all-expired\", %s, \"rows\": %d, \"millis\": %d}", context, swept, millis);
    }
}
