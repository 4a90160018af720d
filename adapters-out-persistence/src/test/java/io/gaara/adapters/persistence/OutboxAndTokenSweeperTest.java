package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.email.EmailOutbox.ClaimedEmail;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.OneTimeTokens.Purpose;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each instance's sweeper deletes, on its schedule and by its clock, the outbox messages finished more than the
 * retention ago and the expired tokens, and only those; a failing sweep of one table holds up neither the other table's
 * nor the next run.
 */
class OutboxAndTokenSweeperTest {
    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final JdbiEmailOutbox outbox = new JdbiEmailOutbox(persistence.jdbi());
    private final JdbiOneTimeTokens tokens = new JdbiOneTimeTokens(persistence.jdbi());
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));

    @BeforeEach
    void empty() {
        SharedEmbeddedPostgres.truncate(persistence);
    }

    @Test
    void givenOldFinishedMessagesAndExpiredTokens_whenTheSweeperRuns_thenTheyGoAndTheRestStays() throws Exception {
        Instant start = clock.instant();
        enqueue(3);
        List<ClaimedEmail> claimed = outbox.claimDue(2, start, Duration.ofMinutes(1));
        outbox.markSent(claimed.get(0).id(), start);
        outbox.markFailed(claimed.get(1).id(), start, "refused");
        UserId user = storedUser(start);
        tokens.issue(user, Purpose.PASSWORD_RESET, hash(1), null, start.plus(Duration.ofMinutes(30)), start);
        tokens.issue(user, Purpose.VERIFY_EMAIL, hash(2), null, start.plus(Duration.ofDays(30)), start);
        clock.advance(OutboxAndTokenSweeper.OUTBOX_RETENTION.plusMinutes(1));
        // finished after the cut-off: kept
        enqueue(1);
        long recent = outbox.claimDue(10, clock.instant(), Duration.ofMinutes(1)).stream()
                .mapToLong(ClaimedEmail::id)
                .max()
                .orElseThrow();
        outbox.markSent(recent, clock.instant());

        try (OutboxAndTokenSweeper sweeper =
                new OutboxAndTokenSweeper(outbox, tokens, clock).start(Duration.ofMillis(50))) {
            Await.until(
                    Duration.ofSeconds(10),
                    () -> count("email_outbox WHERE status <> 'pending'") == 1 && count("one_time_tokens") == 1);
        }
        assertThat(count("email_outbox WHERE status = 'pending'")).isEqualTo(1);
        assertThat(count("email_outbox WHERE id = " + recent)).isEqualTo(1);
        assertThat(tokens.spend(Purpose.VERIFY_EMAIL, hash(2), clock.instant())).isPresent();
    }

    @Test
    void givenTheOutboxSweepKeepsFailing_whenTheSweeperRuns_thenExpiredTokensAreSweptAllTheSame() throws Exception {
        Instant start = clock.instant();
        tokens.issue(storedUser(start), Purpose.PASSWORD_RESET, hash(1), null, start.plusSeconds(60), start);
        clock.advance(Duration.ofMinutes(2));
        AtomicInteger outboxSweeps = new AtomicInteger();

        try (OutboxAndTokenSweeper sweeper = new OutboxAndTokenSweeper(
                        before -> {
                            outboxSweeps.incrementAndGet();
                            throw new IllegalStateException("connection reset");
                        },
                        tokens::sweep,
                        clock)
                .start(Duration.ofMillis(50))) {
            Await.until(Duration.ofSeconds(10), () -> count("one_time_tokens") == 0);
        }
        assertThat(outboxSweeps.get()).isPositive();
    }

    @Test
    void givenAnOutboxSweepFailed_whenTheSweeperRunsAgain_thenItSweepsTheOutboxThen() throws Exception {
        Instant start = clock.instant();
        enqueue(1);
        long id = outbox.claimDue(1, start, Duration.ofMinutes(1)).get(0).id();
        outbox.markSent(id, start);
        clock.advance(OutboxAndTokenSweeper.OUTBOX_RETENTION.plusMinutes(1));
        AtomicInteger outboxSweeps = new AtomicInteger();

        try (OutboxAndTokenSweeper sweeper = new OutboxAndTokenSweeper(
                        before -> {
                            if (outboxSweeps.getAndIncrement() == 0) {
                                throw new IllegalStateException("connection reset");
                            }
                            return outbox.sweep(before);
                        },
                        tokens::sweep,
                        clock)
                .start(Duration.ofMillis(50))) {
            Await.until(Duration.ofSeconds(10), () -> count("email_outbox") == 0);
        }
        assertThat(outboxSweeps.get()).isGreaterThanOrEqualTo(2);
    }

    private void enqueue(int messages) {
        for (int i = 0; i < messages; i++) {
            outbox.enqueue(
                    new OutboxEmail(new Email("ada@example.com"), EmailTemplate.PASSWORD_CHANGED, Map.of()),
                    clock.instant());
        }
    }

    private UserId storedUser(Instant at) {
        User user = new User(
                UserId.random(), new Email("u-" + UUID.randomUUID() + "@example.com"), new PasswordHash("$x"), at);
        persistence.users().add(user);
        return user.id();
    }

    private long count(String from) {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM " + from)
                        .mapTo(Long.class)
                        .one());
    }

    private static byte[] hash(int seed) {
        byte[] hash = new byte[32];
        hash[0] = (byte) seed;
        return hash;
    }
}
