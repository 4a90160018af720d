package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.adapters.crypto.password.Argon2Parameters;
import io.gaara.adapters.crypto.password.Argon2PasswordHasher;
import io.gaara.domain.Password;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A wrong password is answered the same time after the login began whatever the account: unknown, on the current argon2
 * cost, on an older cheaper or dearer argon2 cost, on an imported bcrypt / PBKDF2 / scrypt hash, or with a stored hash
 * Gaara cannot read. Without the floor these answer in 1 ms to 450 ms, and the spread tells an attacker which emails
 * have accounts and which accounts were imported (ASVS 6.3.8). Real server, real argon2id at the OWASP cost, real
 * database; requests one at a time, so the lane's queue plays no part.
 */
class LoginTimingTest {
    /** The default; above the dearest check here (bcrypt 12, 0.31 s on a quiet 2-core machine). */
    private static final Duration FLOOR = Duration.ofSeconds(1);
    /** Scheduling and loopback round trip; far below the 450 ms spread without the floor. */
    private static final Duration SLACK = Duration.ofMillis(150);

    private static final int ROUNDS = 3;

    private static final String PASSWORD = "correct horse battery staple";
    private static GaaraServer server;
    private static ApiClient api;
    private static final Map<String, String> ACCOUNTS = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(Map.of(
                "GAARA_ARGON2_MEMORY_KIB", "19456",
                "GAARA_ARGON2_ITERATIONS", "2",
                "GAARA_LOGIN_FAILURE_FLOOR", FLOOR.toMillis() + "ms"));
        api = new ApiClient(server.port());

        String current = TestServers.uniqueEmail();
        assertThat(api.register(current, PASSWORD).status()).isEqualTo(201);
        ACCOUNTS.put("current argon2id", current);
        ACCOUNTS.put("argon2id, older cheaper cost", imported(argon2(new Argon2Parameters(8_192, 1, 1))));
        ACCOUNTS.put("argon2id, older dearer cost", imported(argon2(new Argon2Parameters(65_536, 3, 1))));
        ACCOUNTS.put("bcrypt cost 12", imported("$2b$12$MtPK6SYOHhixmJ7gYacUt.5AuCm6if9wEy9gCs1F91fOP2QyQBiFS"));
        ACCOUNTS.put(
                "Werkzeug PBKDF2-SHA256 600,000",
                imported("pbkdf2:sha256:600000$bU9N05HtmbA38zzq"
                        + "$1d6e7c13bcee4e20f72274d37b421668e8996ed2fe2ac80ebea5b3b2d2babd67"));
        ACCOUNTS.put(
                "Werkzeug scrypt default",
                imported("scrypt:32768:8:1$2XzaY7cFylSBgoLd$ecd26408ceb78da338b6a95e0921a91bcb5c29dd970dc63f11e16c61"
                        + "e31633653772350ed3e3d9102424f5c080135ed5014b0dee3ebeb37588ccf73641f5d776"));
        ACCOUNTS.put("unreadable stored hash", imported("md5$not-a-hash-we-accept"));
        ACCOUNTS.put("unknown email", TestServers.uniqueEmail());
        ACCOUNTS.put("not an email", "no-at-sign");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenAccountsOfEveryKind_whenWrongPassword_thenEachAnsweredTheFloorAfterItBegan() {
        // warm up every code path (JIT, connections) at once, so that no kind's first answer is the odd one out
        ACCOUNTS.values().parallelStream().forEach(email -> api.login(email, "warm-up wrong password"));
        Map<String, List<Long>> millis = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (var account : ACCOUNTS.entrySet()) {
                long start = System.nanoTime();
                ApiClient.Response answer = api.login(account.getValue(), "wrong " + PASSWORD);
                long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertThat(answer.status()).as(account.getKey()).isEqualTo(401);
                assertThat(answer.body().get("type").asText()).isEqualTo("urn:gaara:problem:invalid-credentials");
                millis.computeIfAbsent(account.getKey(), k -> new ArrayList<>()).add(elapsed);
            }
        }

        LoggerFactory.getLogger(LoginTimingTest.class).info("failed-login answer times (ms) by account: {}", millis);
        long fastest = millis.values().stream()
                .flatMap(List::stream)
                .min(Long::compare)
                .orElseThrow();
        long slowest = millis.values().stream()
                .flatMap(List::stream)
                .max(Long::compare)
                .orElseThrow();
        assertThat(fastest).as("answer times (ms) by account: %s", millis).isGreaterThanOrEqualTo(FLOOR.toMillis());
        assertThat(slowest)
                .as("answer times (ms) by account: %s", millis)
                .isLessThan(FLOOR.plus(SLACK).toMillis());
    }

    @Test
    void givenRightPassword_whenLogin_thenAnsweredWithoutWaitingForTheFloor() {
        long start = System.nanoTime();
        assertThat(api.login(ACCOUNTS.get("current argon2id"), PASSWORD).status())
                .isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FLOOR);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static String argon2(Argon2Parameters parameters) {
        return new Argon2PasswordHasher(parameters).hash(new Password(PASSWORD)).value();
    }

    private static String imported(String hash) throws Exception {
        String email = TestServers.uniqueEmail();
        TestDatabase.importUser(email, hash);
        return email;
    }
}
