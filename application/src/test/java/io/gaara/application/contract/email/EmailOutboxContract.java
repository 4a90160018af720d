package io.gaara.application.contract.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailOutbox.ClaimedEmail;
import io.gaara.application.port.out.email.EmailOutbox.OutboxCounts;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.Email;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EmailOutbox} must do; subclass it once per adapter. Instants are whole microseconds, as a database
 * keeps them.
 */
public abstract class EmailOutboxContract {
    protected static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123456Z");
    protected static final Duration LEASE = Duration.ofMinutes(2);
    private static final Email TO = new Email("ada@example.com");

    private EmailOutbox outbox;
    private Transactions transactions;

    /** An outbox over empty storage. */
    protected abstract EmailOutbox createOutbox();

    /** The transactions of the same storage, which {@link EmailOutbox#enqueue} joins. */
    protected abstract Transactions createTransactions();

    /** What the storage holds for the message {@code id}, read from outside any transaction. */
    protected abstract Stored stored(long id);

    /** A row of the outbox. */
    public record Stored(String status, Map<String, String> params, int attempts, String lastError) {}

    @BeforeEach
    void setUpOutbox() {
        outbox = createOutbox();
        transactions = createTransactions();
    }

    @Test
    void givenEnqueuedMessage_whenClaimed_thenItComesBackWholeWithNoAttemptBeforeIt() {
        // values a JSON or SQL encoding would have to get right
        Map<String, String> params = Map.of(
                "link", "https://app.example.com/reset#token=abc\"def\\ghi",
                "expires_in_minutes", "30",
                "note", "l\u00e0-bas \u2014 \ud83d\udd11 <b>&amp;</b> '; DROP TABLE users; --\nline two");
        OutboxEmail email = new OutboxEmail(TO, EmailTemplate.PASSWORD_RESET, params);
        outbox.enqueue(email, NOW);

        List<ClaimedEmail> claimed = outbox.claimDue(10, NOW, LEASE);

        assertThat(claimed).hasSize(1);
        ClaimedEmail c = claimed.get(0);
        assertThat(c.email()).isEqualTo(email);
        assertThat(c.email().params()).isEqualTo(params);
        assertThat(c.attempts()).isZero();
        assertThat(c.enqueuedAt()).isEqualTo(NOW);
        assertThat(stored(c.id()).status()).isEqualTo("pending");
    }

    @Test
    void givenEnqueuedMessage_whenClaimedWithAClockBehindItsEnqueue_thenItIsNotDueYet() {
        outbox.enqueue(message(EmailTemplate.VERIFY_EMAIL), NOW);

        assertThat(outbox.claimDue(10, NOW.minusNanos(1_000), LEASE)).isEmpty();
        assertThat(outbox.claimDue(10, NOW, LEASE)).hasSize(1);
    }

    @Test
    void givenSeveralDueMessages_whenClaimedWithAMax_thenTheEarliestDueComeFirstAndTheRestNextTime() {
        // queued in an order other than their due order
        outbox.enqueue(message(EmailTemplate.PASSWORD_CHANGED), NOW.plusSeconds(2));
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        outbox.enqueue(message(EmailTemplate.VERIFY_EMAIL), NOW.plusSeconds(1));
        Instant later = NOW.plusSeconds(10);

        assertThat(outbox.claimDue(2, later, LEASE))
                .extracting(c -> c.email().template())
                .containsExactly(EmailTemplate.PASSWORD_RESET, EmailTemplate.VERIFY_EMAIL);
        assertThat(outbox.claimDue(2, later, LEASE))
                .extracting(c -> c.email().template())
                .containsExactly(EmailTemplate.PASSWORD_CHANGED);
        assertThat(outbox.claimDue(2, later, LEASE)).isEmpty();
    }

    @Test
    void givenClaimedMessage_whenClaimedAgainWhileItsLeaseRuns_thenNoClaimReturnsIt() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        assertThat(outbox.claimDue(10, NOW, LEASE)).hasSize(1);

        assertThat(outbox.claimDue(10, NOW, LEASE)).isEmpty();
        assertThat(outbox.claimDue(10, NOW.plus(LEASE).minusNanos(1_000), LEASE))
                .isEmpty();
    }

    @Test
    void givenClaimedMessageWhoseInstanceDied_whenItsLeaseRunsOut_thenItIsClaimedAgainWithTheAttemptCounted() {
        OutboxEmail email = message(EmailTemplate.PASSWORD_RESET);
        outbox.enqueue(email, NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();

        List<ClaimedEmail> again = outbox.claimDue(10, NOW.plus(LEASE), LEASE);

        assertThat(again).hasSize(1);
        assertThat(again.get(0).id()).isEqualTo(id);
        assertThat(again.get(0).email()).isEqualTo(email);
        assertThat(again.get(0).attempts()).isEqualTo(1);
        assertThat(stored(id).attempts()).isEqualTo(2);
    }

    @Test
    void givenFailedAttempt_whenMarkedForRetry_thenItIsDueAtTheNextAttemptNotBeforeWithTheErrorKept() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();
        Instant nextAttempt = NOW.plusSeconds(30);

        outbox.markRetry(id, nextAttempt, "sendgrid 503 Service Unavailable");

        assertThat(outbox.claimDue(10, nextAttempt.minusNanos(1_000), LEASE)).isEmpty();
        List<ClaimedEmail> retried = outbox.claimDue(10, nextAttempt, LEASE);
        assertThat(retried).extracting(ClaimedEmail::id).containsExactly(id);
        assertThat(retried.get(0).attempts()).isEqualTo(1);
        assertThat(stored(id)).isEqualTo(new Stored("pending", params(), 2, "sendgrid 503 Service Unavailable"));
    }

    @Test
    void givenRetryDueBeforeTheLeaseEnds_whenClaimed_thenTheRetryTimeDecidesNotTheOldLease() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();

        outbox.markRetry(id, NOW.plusSeconds(1), "smtp 421 try later");

        assertThat(outbox.claimDue(10, NOW.plusSeconds(1), LEASE))
                .extracting(ClaimedEmail::id)
                .containsExactly(id);
    }

    @Test
    void givenSentMessage_thenItsValuesAreErasedAndNoClaimEverReturnsIt() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();

        outbox.markSent(id, NOW.plusSeconds(1));

        assertThat(stored(id).status()).isEqualTo("sent");
        assertThat(stored(id).params()).isEmpty();
        assertThat(outbox.claimDue(10, NOW.plus(Duration.ofDays(365)), LEASE)).isEmpty();
    }

    @Test
    void givenMessageTheProviderRefused_whenMarkedFailed_thenItsValuesAreErasedTheErrorKeptAndItIsNeverClaimed() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();

        outbox.markFailed(id, NOW.plusSeconds(1), "sendgrid 400 Bad Request");

        assertThat(stored(id)).isEqualTo(new Stored("failed", Map.of(), 1, "sendgrid 400 Bad Request"));
        assertThat(outbox.claimDue(10, NOW.plus(Duration.ofDays(365)), LEASE)).isEmpty();
    }

    @Test
    void givenFinishedMessage_whenALateWorkerMarksItForRetry_thenItStaysFinishedAndErased() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();
        outbox.markSent(id, NOW.plusSeconds(1));

        // the worker whose lease ran out reports after another one sent it
        outbox.markRetry(id, NOW.plusSeconds(2), "timeout");
        outbox.markFailed(id, NOW.plusSeconds(2), "timeout");

        assertThat(stored(id)).isEqualTo(new Stored("sent", Map.of(), 1, null));
        assertThat(outbox.claimDue(10, NOW.plus(Duration.ofDays(365)), LEASE)).isEmpty();
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 1, 0));
    }

    @Test
    void givenLongMultiLineError_whenRecorded_thenOneLineOfAtMost300CharactersIsKept() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();

        outbox.markRetry(id, NOW.plusSeconds(1), "smtp 451\r\n" + "x".repeat(1_000));

        String kept = stored(id).lastError();
        assertThat(kept).startsWith("smtp 451  xxx").doesNotContain("\r", "\n");
        assertThat(kept.codePointCount(0, kept.length())).isEqualTo(EmailOutbox.MAX_ERROR_LENGTH);
    }

    /**
     * The relay passes a provider's words as they came: the outbox is the one place that makes them one line. Every
     * line terminator a log reader honours (CR, LF, NEL, LINE and PARAGRAPH SEPARATOR), a NUL (which PostgreSQL's text
     * refuses) and an ESC (a terminal's control sequences) become spaces; a character beyond the BMP is kept whole.
     */
    @Test
    void givenErrorWithEveryKindOfLineBreakAndControl_whenFailed_thenKeptAsOneLineWithTheTextBetweenIntact() {
        outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        long id = outbox.claimDue(10, NOW, LEASE).get(0).id();

        outbox.markFailed(id, NOW, "550\r\nforged: ok\u0085a\u2028b\u2029c\u0000d\u001b[31me\tf \ud83d\udd11 <\u00e9>");

        assertThat(stored(id).lastError()).isEqualTo("550  forged: ok a b c d [31me f \ud83d\udd11 <\u00e9>");
    }

    @Test
    void givenMessagesInEachState_whenCounted_thenPendingIncludesClaimedOnes() {
        for (int i = 0; i < 5; i++) {
            outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        }
        List<ClaimedEmail> claimed = outbox.claimDue(3, NOW, LEASE);
        outbox.markSent(claimed.get(0).id(), NOW);
        outbox.markFailed(claimed.get(1).id(), NOW, "refused");

        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(3, 1, 1));
    }

    @Test
    void givenEmptyOutbox_whenCounted_thenAllZero() {
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 0, 0));
    }

    @Test
    void givenTransactionThatRollsBack_whenAMessageWasEnqueuedInIt_thenNothingIsLeftToClaim() {
        IllegalStateException boom = new IllegalStateException("the token's insert failed");

        assertThatThrownBy(() -> transactions.inTransaction(() -> {
                    outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
                    throw boom;
                }))
                .isSameAs(boom);

        assertThat(outbox.claimDue(10, NOW, LEASE)).isEmpty();
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, 0, 0));
    }

    @Test
    void givenTransactionThatCommits_whenAMessageWasEnqueuedInIt_thenItIsClaimable() {
        transactions.inTransaction(() -> outbox.enqueue(message(EmailTemplate.VERIFY_EMAIL), NOW));

        assertThat(outbox.claimDue(10, NOW, LEASE)).hasSize(1);
    }

    @Test
    void givenBadArguments_whenClaiming_thenRefused() {
        assertThatThrownBy(() -> outbox.claimDue(0, NOW, LEASE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> outbox.claimDue(1, NOW, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenManyMessages_whenWorkersOnSeveralThreadsDrainThem_thenEachIsClaimedExactlyOnce() throws Exception {
        int messages = 200;
        for (int i = 0; i < messages; i++) {
            outbox.enqueue(message(EmailTemplate.PASSWORD_RESET), NOW);
        }

        List<Long> claimed = drain(List.of(outbox, outbox, outbox, outbox, outbox, outbox), 3, NOW);

        assertThat(claimed).hasSize(messages).doesNotHaveDuplicates();
        assertThat(outbox.counts()).isEqualTo(new OutboxCounts(0, messages, 0));
    }

    /**
     * Each outbox in {@code workers} drained by a thread of its own, all released at once, claiming {@code batch} at a
     * time and marking each sent, until a claim comes back empty; every claimed id, in no order.
     */
    public static List<Long> drain(List<EmailOutbox> workers, int batch, Instant now) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(workers.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (EmailOutbox worker : workers) {
                futures.add(pool.submit(() -> {
                    go.await();
                    List<ClaimedEmail> got;
                    while (!(got = worker.claimDue(batch, now, LEASE)).isEmpty()) {
                        for (ClaimedEmail c : got) {
                            claimed.add(c.id());
                            worker.markSent(c.id(), now);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            return List.copyOf(claimed);
        } finally {
            pool.shutdownNow();
        }
    }

    protected static OutboxEmail message(EmailTemplate template) {
        return new OutboxEmail(TO, template, params());
    }

    private static Map<String, String> params() {
        return Map.of("link", "https://app.example.com/reset#token=t0k3n", "expires_in_minutes", "30");
    }
}
