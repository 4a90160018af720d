package io.gaara.perf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few whole sessions before the measured load, outside Gatling's statistics, as perf/k6's setup() does: the first
 * requests after a JVM start load classes and run interpreted code, and one cold login in a smoke run of two would be
 * its p95.
 */
final class Warmup {
    private static final Logger log = LoggerFactory.getLogger(Warmup.class);
    private static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    private Warmup() {}

    static void run(String baseUrl, ScenarioCatalog.Flow flow, int users) {
        long started = System.nanoTime();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String api = baseUrl + GaaraSimulation.API;
        try {
            for (int i = 0; i < flow.warmupSessions(); i++) {
                String email = flow.email(i % users);
                String login = post(
                        client,
                        api + "/login",
                        "{\"email\":\"" + email + "\",\"password\":\"" + flow.userPassword() + "\"}",
                        200);
                String access = group(ACCESS, login);
                get(client, api + "/me", access);
                String refreshed =
                        post(client, api + "/refresh", "{\"refresh_token\":\"" + group(REFRESH, login) + "\"}", 200);
                get(client, api + "/me", group(ACCESS, refreshed));
                post(client, api + "/logout", "{\"refresh_token\":\"" + group(REFRESH, refreshed) + "\"}", 204);
            }
        } catch (IOException e) {
            throw new IllegalStateException("warm-up failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during warm-up", e);
        }
        log.info("warm-up: {} sessions in {} ms", flow.warmupSessions(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The flood's own path warmed up, as {@link #run} warms the session flow's: {@code clients} threads log in back to
     * back (right passwords of the flood accounts, {@code first} … {@code users}-1) for {@code duration}, so that the
     * lane turning logins away under concurrency runs compiled code when the flood is measured. Every thread waits for
     * its last answer, so the lane is empty again when this returns.
     */
    static void flood(String baseUrl, ScenarioCatalog.Flow flow, int clients, Duration duration, int first, int users) {
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                loops.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        String email = flow.email(first + (int) (next.getAndIncrement() % (users - first)));
                        HttpRequest login = HttpRequest.newBuilder(URI.create(baseUrl + GaaraSimulation.API + "/login"))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"email\":\"" + email + "\",\"password\":\"" + flow.userPassword() + "\"}"))
                                .build();
                        int status = client.send(login, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            for (Future<?> loop : loops) {
                loop.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("flood warm-up failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the flood warm-up", e);
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Long> answers = new TreeMap<>();
        statuses.forEach((status, count) -> answers.put(status, count.sum()));
        log.info(
                "flood warm-up: {} clients for {} ms, logins answered by status {}",
                clients,
                (System.nanoTime() - started) / 1_000_000,
                answers);
    }

    private static String post(HttpClient client, String url, String json, int expected)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return expect(client.send(request, HttpResponse.BodyHandlers.ofString()), expected);
    }

    private static void get(HttpClient client, String url, String access) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + access)
                .GET()
                .build();
        expect(client.send(request, HttpResponse.BodyHandlers.ofString()), 200);
    }

    private static String expect(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(
                    "warm-up: " + response.request().uri().getPath() + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static String group(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("warm-up: no token in the answer");
        }
        return m.group(1);
    }
}
