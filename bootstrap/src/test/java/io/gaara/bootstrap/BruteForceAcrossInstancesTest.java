package io.gaara.bootstrap;

import static io.gaara.bootstrap.TestServers.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Gaara processes' worth of wiring on one PostgreSQL, as behind a load balancer: failed logins and registrations
 * counted on either instance add up, and either refuses what the other counted. Each request comes through the trusted
 * proxy (127.0.0.1) for an address of the test's own, so counters of other tests on the same database never mix in.
 */
class BruteForceAcrossInstancesTest {
    private static final String PASSWORD = "a long and unusual passphrase " + UUID.randomUUID();
    /** Production's limits, with a first wait long enough that no block ends while the test is still asserting. */
    private static final Map<String, String> LIMITS = Map.of(
            "GAARA_HTTP_TRUSTED_PROXIES", "127.0.0.1/32",
            "GAARA_LOGIN_THROTTLE_FIRST_WAIT", "60s",
            "GAARA_LOGIN_THROTTLE_ACCOUNT_IP_FREE_FAILURES", "5",
            "GAARA_LOGIN_THROTTLE_IP_FREE_FAILURES", "100",
            "GAARA_REGISTER_LIMIT_PER_IP", "10");

    private static GaaraServer serverA;
    private static GaaraServer serverB;

    @BeforeAll
    static void start() {
        serverA = TestServers.start(LIMITS);
        serverB = TestServers.start(LIMITS);
    }

    @AfterAll
    static void stop() {
        serverA.close();
        serverB.close();
    }

    @Test
    void givenFailuresSpreadOverTwoInstances_whenTheyAddUpPastTheFreeOnes_thenBothInstancesAnswer429()
            throws Exception {
        String attacker = freshAddress();
        ApiClient a = new ApiClient(serverA.port(), attacker);
        ApiClient b = new ApiClient(serverB.port(), attacker);
        String email = uniqueEmail();
        assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);

        // six failures, alternating instances: only their sum (6 > 5 free) blocks
        for (int i = 0; i < 6; i++) {
            assertThat((i % 2 == 0 ? a : b).login(email, "wrong guess " + i).status())
                    .as("failure %d", i + 1)
                    .isEqualTo(401);
        }

        for (ApiClient instance : List.of(a, b)) {
            var refused = instance.login(email, PASSWORD);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.raw().headers().firstValue("Content-Type"))
                    .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
            assertThat(refused.text("type")).isEqualTo("urn:gaara:problem:too-many-attempts");
            assertThat(Long.parseLong(
                            refused.raw().headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(1L, 60L);
        }
        assertThat(new ApiClient(serverB.port(), freshAddress())
                        .login(email, PASSWORD)
                        .status())
                .as("the owner, from an address of their own, is not held back by the attacker's block")
                .isEqualTo(200);
        assertThat(throttledAuditDetails(attacker)).containsExactly("account_ip", "account_ip");
        assertThat(countersNaming(email))
                .as("the counters hold a digest, never the address")
                .isZero();
    }

    @Test
    void givenABlockedAccount_whenAnOperatorRunsTheDocumentedDelete_thenItsOwnerGetsInAtOnce() throws Exception {
        String source = freshAddress();
        ApiClient a = new ApiClient(serverA.port(), source);
        String email = uniqueEmail();
        assertThat(a.register(email, PASSWORD).status()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            a.login(email, "wrong guess " + i);
        }
        assertThat(a.login(email, PASSWORD).status()).isEqualTo(429);

        // docs/OPERATIONS.md, "Passwords": the email as the operator might type it
        String typed = " " + email.toUpperCase(Locale.ROOT);
        String delete = "DELETE FROM attempt_counters WHERE key LIKE 'login:account%'"
                + " || encode(sha256(convert_to(lower(trim(?)), 'UTF8')), 'hex') || '%'";
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(delete)) {
            s.setString(1, typed);
            assertThat(s.executeUpdate())
                    .as("the account + address and the account counters")
                    .isEqualTo(2);
        }

        assertThat(a.login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void givenRegistrationsSpreadOverTwoInstances_whenTheTenthIsPassed_thenTheNextIsRefusedOnEither() {
        String source = freshAddress();
        ApiClient a = new ApiClient(serverA.port(), source);
        ApiClient b = new ApiClient(serverB.port(), source);
        for (int i = 0; i < 10; i++) {
            assertThat((i % 2 == 0 ? a : b).register(uniqueEmail(), PASSWORD).status())
                    .as("registration %d", i + 1)
                    .isEqualTo(201);
        }

        for (ApiClient instance : List.of(a, b)) {
            var refused = instance.register(uniqueEmail(), PASSWORD);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(Long.parseLong(
                            refused.raw().headers().firstValue("Retry-After").orElseThrow()))
                    .isBetween(3_000L, 3_600L);
        }
        assertThat(new ApiClient(serverA.port(), freshAddress())
                        .register(uniqueEmail(), PASSWORD)
                        .status())
                .isEqualTo(201);
    }

    /** An address in 198.18.0.0/15 (RFC 2544, benchmarking), new to this database. */
    private static String freshAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198." + (18 + random.nextInt(2)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static List<String> throttledAuditDetails(String ip) throws Exception {
        String query = "SELECT detail FROM audit_events WHERE type = 'login_throttled' AND client_ip = ? ORDER BY id";
        try (Connection c = TestDatabase.connect();
                PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, ip);
            List<String> details = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    details.add(rs.getString(1));
                }
            }
            return details;
        }
    }

    private static int countersNaming(String email) throws Exception {
        try (Connection c = TestDatabase.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM attempt_counters WHERE strpos(key, ?) > 0")) {
            s.setString(1, email.substring(0, email.indexOf('@')));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
