package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Where addresses must be proven, registration answers a taken address exactly as it answers a free one: the same
 * status and body, at the same moment. Both hash the password at the real OWASP argon2id cost, make one counter
 * statement and one transaction that queues an email (the free one's verification link, the taken one's notice to its
 * owner), and both are answered the login failure floor after they began: measured without it on this 2-core machine
 * while other builds ran, single answers of either kind spread from 59 to 168 ms and their medians differed by up to 19
 * ms, so the floor, not the sameness of the work, is what makes the two indistinguishable. Real server, real database,
 * requests one at a time.
 */
class RegistrationTimingTest {
    /** The default floor; far above one registration's work (a hash of about 50 ms and a few statements). */
    private static final Duration FLOOR = Duration.ofSeconds(1);
    /** Scheduling and loopback round trip. */
    private static final Duration SLACK = Duration.ofMillis(150);

    private static final int ROUNDS = 3;
    private static final String PASSWORD = "correct horse battery staple";
    private static GaaraServer server;
    private static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServers.start(Map.of(
                "GAARA_REQUIRE_VERIFIED_EMAIL", "true",
                "GAARA_ARGON2_MEMORY_KIB", "19456",
                "GAARA_ARGON2_ITERATIONS", "2",
                "GAARA_LOGIN_FAILURE_FLOOR", FLOOR.toMillis() + "ms"));
        api = new ApiClient(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenVerificationRequired_whenFreeAndTakenAddressesRegister_thenSameAnswerAtTheSameMoment() {
        String taken = TestServers.uniqueEmail();
        ApiClient.Response first = api.register(taken, PASSWORD);
        List<Long> free = new ArrayList<>();
        List<Long> takenMillis = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            free.add(timed(TestServers.uniqueEmail(), first));
            takenMillis.add(timed(taken, first));
        }

        LoggerFactory.getLogger(RegistrationTimingTest.class)
                .info("registration answer times (ms): free {}, taken {}", free, takenMillis);
        List<Long> all = new ArrayList<>(free);
        all.addAll(takenMillis);
        assertThat(all)
                .as("answer times (ms): free %s, taken %s", free, takenMillis)
                .allSatisfy(ms -> assertThat(ms)
                        .isBetween(FLOOR.toMillis(), FLOOR.plus(SLACK).toMillis()));
    }

    private static long timed(String email, ApiClient.Response expected) {
        long start = System.nanoTime();
        ApiClient.Response answer = api.register(email, PASSWORD);
        long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.raw().body()).isEqualTo(expected.raw().body());
        return millis;
    }
}
