package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.contract.email.EmailOutboxContract;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailOutbox.ClaimedEmail;
import io.gaara.application.port.out.email.EmailOutbox.OutboxCounts;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.OneTimeTokens.Purpose;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbox on PostgreSQL beyond the contract: several instances (each its own pool, as separate processes have)
 * draining one table, an instance that dies holding a claim or before claiming, the token and its email committing
 * together, and what stays in the table once a message is finished.
 */
class JdbiEmailOutboxTest {
    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00.123456Z");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final String TOKEN = "reset-token-" + UUID.randomUUID();

    private final PostgresPersistence shared = SharedEmbeddedPostgres.persistence();

    @BeforeEach
    void empty() {
        SharedEmbeddedPostgres.truncate(shared);
    }

    @Test
    void givenTwoInstancesOnPoolsOfTheirOwn_whenBothDrainOneOutboxFromSeveralThreads_thenEachMessageIsClaimedOnce()
            throws Exception {
        int messages = 600;
        for (int i = 0; i < messages; i++) {
            shared.emailOutbox().enqueue(message("user" + i + "@example.com"), NOW);
        }

        try (PostgresPersistence first = instance();
                PostgresPersistence second = instance()) {
            List<EmailOutbox> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(first.emailOutbox());
                workers.add(second.emailOutbox());
            }

            List<Long> claimed = EmailOutboxContract.drain(workers, 5, NOW);

            assertThat(claimed).hasSize(messages).doesNotHaveDuplicates();
        }
        assertThat(shared.emailOutbox().counts()).isEqualTo(new OutboxCounts(0, messages, 0));
        assertThat(count("SELECT count(*) FROM email_outbox WHERE attempts <> 1"))
                .as("no message was claimed twice")
                .isZero();
    }

    @Test
    void givenInstanceThatDiedBetweenClaimAndSend_whenItsLeaseRunsOut_thenAnotherInstanceClaimsTheMessage() {
        shared.emailOutbox().enqueue(message("ada@example.com"), NOW);
        long id;
        try (PostgresPersistence dying = instance()) {
            id = dying.emailOutbox().claimDue(10, NOW, LEASE).get(0).id();
            // the instance stops here: no markSent, no markRetry
        }

        try (PostgresPersistence survivor = instance()) {
            assertThat(survivor.emailOutbox().claimDue(10, NOW.plusSeconds(1), LEASE))
                    .as("still leased to the dead instance")
                    .isEmpty();
            List<ClaimedEmail> reclaimed = survivor.emailOutbox().claimDue(10, NOW.plus(LEASE), LEASE);

            assertThat(reclaimed).extracting(ClaimedEmail::id).containsExactly(id);
            assertThat(reclaimed.get(0).attempts()).isEqualTo(1);
            assertThat(reclaimed.get(0).email().params()).containsEntry("link", "https://app.example.com/r#" + TOKEN);
        }
    }

    @Test
    void givenMessageCommittedBeforeTheInstanceStopped_whenAFreshInstanceStarts_thenItClaimsTheMessage() {
        UserId user = storedUser();
        try (PostgresPersistence before = instance()) {
            before.transactions().inTransaction(() -> {
                before.oneTimeTokens()
                        .issue(user, Purpose.PASSWORD_RESET, new byte[32], null, NOW.plusSeconds(1800), NOW);
                before.emailOutbox().enqueue(message("ada@example.com"), NOW);
            });
            // closed without a claim: what kill -9 right after the commit leaves behind
        }

        try (PostgresPersistence after = instance()) {
            List<ClaimedEmail> claimed = after.emailOutbox().claimDue(10, NOW.plusSeconds(5), LEASE);

            assertThat(claimed).hasSize(1);
            assertThat(claimed.get(0).attempts()).isZero();
            assertThat(claimed.get(0).email().params()).containsEntry("link", "https://app.example.com/r#" + TOKEN);
        }
    }

    @Test
    void givenTokenAndItsEmailInOneTransaction_whenItRollsBack_thenNeitherIsStored_andWhenItCommitsBothAre() {
        UserId user = storedUser();
        assertThatThrownBy(() -> shared.transactions().inTransaction(() -> {
                    shared.oneTimeTokens()
                            .issue(user, Purpose.PASSWORD_RESET, new byte[32], null, NOW.plusSeconds(1800), NOW);
                    shared.emailOutbox().enqueue(message("ada@example.com"), NOW);
                    throw new IllegalStateException("the audit write failed");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(count("SELECT count(*) FROM email_outbox")).isZero();
        assertThat(count("SELECT count(*) FROM one_time_tokens")).isZero();

        shared.transactions().inTransaction(() -> {
            shared.oneTimeTokens().issue(user, Purpose.PASSWORD_RESET, new byte[32], null, NOW.plusSeconds(1800), NOW);
            shared.emailOutbox().enqueue(message("ada@example.com"), NOW);
        });

        assertThat(count("SELECT count(*) FROM email_outbox")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM one_time_tokens")).isEqualTo(1);
    }

    @Test
    void givenSentAndFailedMessages_thenTheTokenTheyCarriedIsNowhereInTheTable() {
        for (int i = 0; i < 3; i++) {
            shared.emailOutbox().enqueue(message("ada@example.com"), NOW);
        }
        List<ClaimedEmail> claimed = shared.emailOutbox().claimDue(2, NOW, LEASE);
        shared.emailOutbox().markSent(claimed.get(0).id(), NOW);
        shared.emailOutbox().markFailed(claimed.get(1).id(), NOW, "sendgrid 400 Bad Request");

        assertThat(count("SELECT count(*) FROM email_outbox t WHERE row_to_json(t)::text LIKE '%" + TOKEN + "%'"))
                .as("only the pending message still holds the token")
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM email_outbox WHERE status <> 'pending' AND params = '{}'::jsonb"))
                .isEqualTo(2);
    }

    @Test
    void givenFinishedRow_whenWrittenWithItsValuesStill_thenTheSchemaRefusesIt() {
        shared.emailOutbox().enqueue(message("ada@example.com"), NOW);

        assertThatThrownBy(() -> shared.jdbi()
                        .useHandle(h -> h.execute("UPDATE email_outbox SET status = 'sent', sent_at = now()")))
                .isInstanceOf(JdbiException.class)
                .hasMessageContaining("email_outbox_finished_erased");
    }

    @Test
    void givenMessageOfATemplateThisInstanceDoesNotKnow_whenClaiming_thenItIsLeftForAnInstanceThatDoes() {
        shared.jdbi().useHandle(h -> h.execute("""
                INSERT INTO email_outbox (recipient, template, params, next_attempt_at, enqueued_at)
                VALUES ('ada@example.com', 'FROM_A_NEWER_VERSION', '{}', '2026-05-01T08:00:00Z', '2026-05-01T08:00:00Z')
                """));
        shared.emailOutbox().enqueue(message("bob@example.com"), NOW);

        List<ClaimedEmail> claimed = shared.emailOutbox().claimDue(10, NOW, LEASE);

        assertThat(claimed).extracting(c -> c.email().to().value()).containsExactly("bob@example.com");
        assertThat(count("SELECT count(*) FROM email_outbox WHERE template = 'FROM_A_NEWER_VERSION' AND attempts = 0"))
                .isEqualTo(1);
    }

    @Test
    void givenFinishedAndPendingMessages_whenSwept_thenOnlyThoseFinishedBeforeTheCutOffGo() {
        JdbiEmailOutbox outbox = new JdbiEmailOutbox(shared.jdbi());
        for (int i = 0; i < 5; i++) {
            outbox.enqueue(message("ada@example.com"), NOW);
        }
        List<ClaimedEmail> claimed = outbox.claimDue(4, NOW, LEASE);
        outbox.markSent(claimed.get(0).id(), NOW);
        outbox.markFailed(claimed.get(1).id(), NOW, "refused");
        outbox.markSent(claimed.get(2).id(), NOW.plusSeconds(60));
        // claimed.get(3) is pending and leased, and one more is pending and never claimed

        assertThat(outbox.sweep(NOW.plusSeconds(30))).isEqualTo(2);
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(2, 1, 0));
        assertThat(outbox.sweep(NOW.plus(Duration.ofDays(3650)))).isEqualTo(1);
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(2, 0, 0));
    }

    @Test
    void givenMoreFinishedMessagesThanOneSweepStatementTakes_whenSwept_thenAllGo() {
        int rows = JdbiEmailOutbox.SWEEP_BATCH + 7;
        shared.jdbi()
                .useHandle(h ->
                        h.createUpdate("""
                        INSERT INTO email_outbox
                            (recipient, template, params, status, next_attempt_at, enqueued_at, sent_at)
                        SELECT 'ada@example.com', 'PASSWORD_CHANGED', '{}', 'sent', :now, :now, :now
                          FROM generate_series(1, :rows)""").bind("now", NOW).bind("rows", rows).execute());

        assertThat(new JdbiEmailOutbox(shared.jdbi()).sweep(NOW)).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM email_outbox")).isZero();
    }

    private static OutboxEmail message(String to) {
        return new OutboxEmail(
                new Email(to),
                EmailTemplate.PASSWORD_RESET,
                Map.of("link", "https://app.example.com/r#" + TOKEN, "expires_in_minutes", "30"));
    }

    /** Another instance: a pool, a listener and sweepers of its own on the shared server. */
    private static PostgresPersistence instance() {
        return PostgresPersistence.start(
                SharedEmbeddedPostgres.server().settings(6),
                SharedEmbeddedPostgres.ACCESS_TOKEN_LIFETIME,
                Clock.systemUTC());
    }

    private UserId storedUser() {
        User user = new User(
                UserId.random(), new Email("ada-" + UUID.randomUUID() + "@example.com"), new PasswordHash("$x"), NOW);
        shared.users().add(user);
        return user.id();
    }

    private long count(String sql) {
        return shared.jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
