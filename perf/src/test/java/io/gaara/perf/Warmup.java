package io.gaara.perf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
