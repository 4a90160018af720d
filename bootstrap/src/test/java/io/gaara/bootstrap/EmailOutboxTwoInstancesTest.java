package io.gaara.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Two Gaara servers on one PostgreSQL drain one outbox into one SMTP server (GreenMail): reset requests spread over
 * both instances, for distinct accounts, each give exactly one email, whichever instance's relay claims it. Each
 * instance sends from an address of its own, so the test can tell that both relays did take part. The persistence test
 * of {@code FOR UPDATE SKIP LOCKED} ({@code EmailOutboxContract}) shows the claim alone on many threads; this is the
 * whole path: HTTP, the transaction writing token and message, two relays polling at their own pace, the SMTP adapter.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a guard against a hang, far above the ~12 s a run takes
class EmailOutboxTwoInstancesTest {
    private static final String PASSWORD = "two relays, one outbox";
    private static final int ACCOUNTS = 200;
    private static final Map<String, String> FROM = Map.of("a", "relay-a@example.com", "b", "relay-b@example.com");

    private final List<GaaraServer> servers = new ArrayList<>();
    private Mailbox mailbox;

    @AfterEach
    void stop() {
        servers.forEach(GaaraServer::close);
        if (mailbox != null) {
            mailbox.close();
        }
    }

    @Test
    void givenResetRequestsSpreadOverTwoInstances_whenBothRelaysDrainTheOutbox_thenEachEmailIsSentExactlyOnce()
            throws Exception {
        mailbox = Mailbox.start();
        Map<String, ApiClient> instances = new HashMap<>();
        for (var from : FROM.entrySet()) {
            Map<String, String> config = new HashMap<>(Mailbox.smtpSettings(mailbox.port()));
            config.put("GAARA_EMAIL_FROM", from.getValue());
            config.put("GAARA_HTTP_TRUSTED_PROXIES", "127.0.0.1/32");
            GaaraServer server = TestServers.start(config);
            servers.add(server);
            instances.put(from.getKey(), new ApiClient(server.port()));
        }
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String email = TestServers.uniqueEmail();
            assertThat(instances.get("a").register(email, PASSWORD).status()).isEqualTo(201);
            emails.add(email);
        }

        // four clients at once, alternating instances, each request from an address of its own: messages come due
        // faster than one relay sends them (a new SMTP connection each), so both relays claim while the other sends
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                int port = servers.get(i % 2).port();
                String email = emails.get(i);
                answers.add(clients.submit(() -> new ApiClient(port, TestServers.freshAddress())
                        .postJson("/api/v1/auth/password/forgot", "{\"email\":\"" + email + "\"}", null)
                        .status()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo(202);
            }
        } finally {
            clients.shutdownNow();
        }
        for (String email : emails) {
            mailbox.await(email, Mailbox.RESET_SUBJECT, 1, Duration.ofSeconds(30));
        }
        // a relay stops after the message it is sending: nothing claimed twice can still be on its way
        servers.forEach(GaaraServer::close);
        servers.clear();

        Map<String, Long> copies = emails.stream().collect(Collectors.toMap(Function.identity(), email ->
                (long) mailbox.to(email, Mailbox.RESET_SUBJECT).size()));
        assertThat(copies)
                .as("reset emails per account")
                .allSatisfy((email, n) -> assertThat(n).isEqualTo(1));
        Map<String, Long> bySender = emails.stream()
                .map(email -> mailbox.to(email, Mailbox.RESET_SUBJECT).get(0).from())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        LoggerFactory.getLogger(EmailOutboxTwoInstancesTest.class)
                .info("{} reset emails, by the instance whose relay sent them: {}", ACCOUNTS, bySender);
        assertThat(bySender.keySet())
                .as("both relays took part (else this test shows nothing about two of them)")
                .containsExactlyInAnyOrderElementsOf(FROM.values());
        for (String email : emails) {
            assertThat(TestDatabase.outbox(email))
                    .filteredOn(row -> row.template().equals("PASSWORD_RESET"))
                    .singleElement()
                    .satisfies(row -> assertThat(row.status()).isEqualTo("sent"));
        }
    }
}
