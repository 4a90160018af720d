package io.gaara.perf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the accounts the virtual users log in with, over the public API. Idempotent: 409 (the account exists)
 * counts as seeded, so a second run against the same server needs no cleanup.
 */
final class Seeder {
    private static final Logger log = LoggerFactory.getLogger(Seeder.class);
    /** The server hashes one password per core at a time; more requests in flight only queue. */
    private static final int PARALLEL = 4;

    private Seeder() {}

    static void seed(String baseUrl, ScenarioCatalog.Flow flow, int users) {
        long started = System.nanoTime();
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < users; i++) {
                String body = "{\"email\":\"" + flow.email(i) + "\",\"password\":\"" + flow.userPassword() + "\"}";
                HttpRequest register = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/auth/register"))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                answers.add(pool.submit(() -> registered(client, register)));
            }
            for (Future<Integer> answer : answers) {
                int status = answer.get();
                if (status != 201 && status != 409) {
                    throw new IllegalStateException("seeding users: register answered " + status);
                }
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("seeding users failed", e.getCause() instanceof IOException io ? io : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while seeding users", e);
        } finally {
            pool.shutdownNow();
        }
        log.info("seeded {} users in {} ms", users, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * One registration, sent again while the server answers 503 (its hashing lane full on a loaded machine), after the
     * Retry-After it gives, as a well-behaved client does; a few tries at most.
     */
    private static int registered(HttpClient client, HttpRequest register) throws IOException, InterruptedException {
        int status = 0;
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<Void> answer = client.send(register, HttpResponse.BodyHandlers.discarding());
            status = answer.statusCode();
            if (status != 503) {
                return status;
            }
            long seconds = answer.headers()
                    .firstValue("Retry-After")
                    .map(Long::parseLong)
                    .orElse(1L);
            Thread.sleep(Duration.ofSeconds(Math.min(seconds, 5)).toMillis());
        }
        return status;
    }
}
