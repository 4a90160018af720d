package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.SessionRepository;
import io.gaara.application.port.out.persistence.Transactions;
import io.gaara.domain.ClientInfo;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.RevocationReason;
import io.gaara.domain.Session;
import io.gaara.domain.SessionId;
import io.gaara.domain.SessionPolicy;
import io.gaara.domain.TokenId;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cap on live sessions under concurrent logins, as the login runs it: the new session added, then the oldest ones
 * beyond the cap ended, in one transaction. Logins of one user on different instances meet only in the database, so the
 * database must serialise them: neither above the cap nor more ended than needed.
 */
class SessionCapTest {
    private static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");
    private static final int CAP = 3;

    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final SessionRepository sessions = persistence.sessions();
    private final Transactions transactions = persistence.transactions();
    private final ExecutorService pool = Executors.newFixedThreadPool(12);
    private User user;

    @BeforeEach
    void aUser() {
        user = new User(
                UserId.random(),
                new Email("cap-" + UUID.randomUUID() + "@example.com"),
                new PasswordHash("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA"),
                NOW);
        persistence.users().add(user);
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * Deterministic: the first login holds its transaction open after its cap check; the second one's check must wait
     * for it, then count its session. Without the lock on the user, the second check sees only committed rows, misses
     * the first login's session, ends nothing, and the user ends up with one session too many (it may wait on a row the
     * first check locked, but once that commits it still counts from its own, older snapshot).
     */
    @Test
    void givenALoginHoldingItsTransaction_whenAnotherLoginOfTheSameUserChecksTheCap_thenItWaitsAndCountsTheFirst()
            throws Exception {
        Session existing = login(NOW);
        int keep = 2;
        CountDownLatch firstChecked = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<List<SessionId>> first = pool.submit(() -> transactions.inTransaction(() -> {
            sessions.add(session(NOW.plusSeconds(1)));
            List<SessionId> ended =
                    sessions.revokeOldestBeyond(user.id(), keep, NOW.plusSeconds(1), RevocationReason.SESSION_LIMIT);
            firstChecked.countDown();
            await(releaseFirst);
            return ended;
        }));
        assertThat(firstChecked.await(10, TimeUnit.SECONDS)).isTrue();
        Future<List<SessionId>> second = pool.submit(() -> transactions.inTransaction(() -> {
            sessions.add(session(NOW.plusSeconds(2)));
            return sessions.revokeOldestBeyond(user.id(), keep, NOW.plusSeconds(2), RevocationReason.SESSION_LIMIT);
        }));
        // release the first login once the second one waits on a lock, or has finished without waiting (the bug)
        Await.until(Duration.ofSeconds(10), () -> second.isDone() || waitingOnALock() > 0);
        releaseFirst.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(second.get(10, TimeUnit.SECONDS)).containsExactly(existing.id());
        assertThat(sessions.findActiveByUser(user.id(), NOW.plusSeconds(3))).hasSize(keep);
    }

    @Test
    void givenTwelveLoginsAtOnce_whenEachChecksTheCap_thenExactlyTheCapNewestStayAndEveryOtherEndsOnce()
            throws Exception {
        List<Session> all = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            all.add(login(NOW.plusMillis(i)));
        }
        int logins = 12;
        CyclicBarrier start = new CyclicBarrier(logins);
        List<Future<List<SessionId>>> runs = new ArrayList<>();
        List<Session> concurrent = new ArrayList<>();
        for (int i = 0; i < logins; i++) {
            Session s = session(NOW.plusSeconds(10 + i));
            concurrent.add(s);
            runs.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return transactions.inTransaction(() -> {
                    sessions.add(s);
                    return sessions.revokeOldestBeyond(
                            user.id(), CAP, NOW.plusSeconds(30), RevocationReason.SESSION_LIMIT);
                });
            }));
        }
        all.addAll(concurrent);
        List<SessionId> ended = new ArrayList<>();
        for (Future<List<SessionId>> run : runs) {
            ended.addAll(run.get(30, TimeUnit.SECONDS));
        }

        Set<SessionId> newest = new HashSet<>(all.stream()
                .sorted(Comparator.comparing(Session::createdAt).reversed())
                .limit(CAP)
                .map(Session::id)
                .toList());
        assertThat(sessions.findActiveByUser(user.id(), NOW.plusSeconds(31)))
                .extracting(Session::id)
                .containsExactlyInAnyOrderElementsOf(newest);
        assertThat(ended).doesNotHaveDuplicates().hasSize(all.size() - CAP);
        assertThat(ended).doesNotContainAnyElementsOf(newest);
    }

    private Session login(Instant at) {
        Session s = session(at);
        transactions.inTransaction(() -> {
            sessions.add(s);
            sessions.revokeOldestBeyond(user.id(), CAP, at, RevocationReason.SESSION_LIMIT);
        });
        return s;
    }

    private Session session(Instant at) {
        return Session.start(
                SessionId.random(), user.id(), TokenId.random(), at, SessionPolicy.DEFAULT, ClientInfo.UNKNOWN);
    }

    /** Backends of this database waiting on a lock (the tests of this JVM run one at a time). */
    private int waitingOnALock() {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE wait_event_type = 'Lock' AND datname = current_database()
                           AND pid <> pg_backend_pid()""").mapTo(Integer.class).one());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
