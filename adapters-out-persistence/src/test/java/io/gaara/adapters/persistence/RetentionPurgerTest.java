package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The purge deletes, by its clock, exactly what is past its retention in each table, in batches of the configured size,
 * a bounded number per run; sessions whose refresh tokens could still verify stay whatever their age; two instances
 * purging at once share the work.
 */
class RetentionPurgerTest {
    private static final Duration DAY = Duration.ofDays(1);

    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    private final Instant now = clock.instant();

    @BeforeEach
    void empty() {
        SharedEmbeddedPostgres.truncate(persistence);
    }

    @Test
    void givenRowsOnEachSideOfTheirRetention_whenPurged_thenOnlyThosePastItGo() {
        UUID user = UUID.randomUUID();
        UUID revokedLongAgo = session(user, days(-60), days(-20), days(-10), days(-31), "logout");
        UUID revokedRecently = session(user, days(-60), days(-20), days(-10), days(-29), "logout");
        // revoked long ago, yet a refresh token of it would still verify (an idle timeout longer than the retention)
        UUID revokedTokenAlive = session(user, days(-60), days(1), days(2), days(-31), "password_changed");
        UUID expiredLongAgo = session(user, days(-70), days(-31), days(-10), null, null);
        UUID expiredAbsoluteLongAgo = session(user, days(-90), days(-31), days(-31), null, null);
        UUID expiredRecently = session(user, days(-40), days(-29), days(-10), null, null);
        UUID liveButOld = session(user, days(-60), days(1), days(5), null, null);
        // a deleted account's sessions: a pseudonym, no client, revoked
        UUID pseudonym = UUID.randomUUID();
        UUID oldTombstone = session(pseudonym, days(-45), days(-31), days(-15), days(-31), "account_deleted");
        UUID recentTombstone = session(pseudonym, days(-10), days(1), days(20), days(-1), "account_deleted");
        audit(days(-366));
        long keptAudit = audit(days(-364));
        secretAccess(days(-91));
        long keptSecret = secretAccess(days(-89));

        RetentionPurger.Purged purged = purger(RetentionSettings.defaults()).purgeOnce();

        assertThat(purged.sessions()).isEqualTo(4);
        assertThat(ids("sessions"))
                .containsExactlyInAnyOrder(
                        revokedRecently.toString(),
                        revokedTokenAlive.toString(),
                        expiredRecently.toString(),
                        liveButOld.toString(),
                        recentTombstone.toString())
                .doesNotContain(
                        revokedLongAgo.toString(),
                        expiredLongAgo.toString(),
                        expiredAbsoluteLongAgo.toString(),
                        oldTombstone.toString());
        assertThat(ids("audit_events")).containsExactly(Long.toString(keptAudit));
        assertThat(ids("secret_access_events")).containsExactly(Long.toString(keptSecret));
        assertThat(purged.auditEvents()).isEqualTo(1);
        assertThat(purged.secretAccessEvents()).isEqualTo(1);

        assertThat(purger(RetentionSettings.defaults()).purgeOnce().total())
                .as("idempotent")
                .isZero();
    }

    @Test
    void givenTheRetentionsMoved_whenPurged_thenTheCutOffsFollowTheSettingsAndTheClock() {
        UUID user = UUID.randomUUID();
        UUID revoked = session(user, days(-10), days(-6), days(-5), days(-5), "logout");
        long audit = audit(days(-5));
        long secret = secretAccess(days(-5));
        RetentionSettings sixDays = new RetentionSettings(days(6), days(6), days(6), Duration.ofHours(1), 100);

        assertThat(purger(sixDays).purgeOnce().total()).isZero();
        clock.advance(DAY.plusSeconds(1));
        assertThat(purger(sixDays).purgeOnce().total()).isEqualTo(3);

        assertThat(ids("sessions")).doesNotContain(revoked.toString());
        assertThat(ids("audit_events")).doesNotContain(Long.toString(audit));
        assertThat(ids("secret_access_events")).doesNotContain(Long.toString(secret));
    }

    @Test
    void givenMoreOldRowsThanABatch_whenPurged_thenDeletedInStatementsOfTheBatchSize() {
        insertOldAuditRows(35);
        RetentionSettings batchOfTen = new RetentionSettings(days(30), days(365), days(90), Duration.ofHours(1), 10);

        RetentionPurger.Purged purged = purger(batchOfTen).purgeOnce();

        assertThat(purged.auditEvents()).isEqualTo(35);
        // audit: 10 + 10 + 10 + 5; one empty statement each for revoked sessions, expired sessions, secret accesses
        assertThat(purged.statements()).isEqualTo(4 + 3);
    }

    @Test
    void givenABacklogBeyondOneRun_whenPurged_thenOneRunStopsAtItsBoundAndTheNextGoesOn() {
        int bound = RetentionPurger.MAX_BATCHES_PER_RUN * 10;
        insertOldAuditRows(bound + 5);
        RetentionSettings batchOfTen = new RetentionSettings(days(30), days(365), days(90), Duration.ofHours(1), 10);

        assertThat(purger(batchOfTen).purgeOnce().auditEvents()).isEqualTo(bound);
        assertThat(count("audit_events")).isEqualTo(5);
        assertThat(purger(batchOfTen).purgeOnce().auditEvents()).isEqualTo(5);
    }

    @Test
    void givenTwoInstancesPurgingAtOnce_whenBothRun_thenEveryOldRowGoesOnceAndNeitherFails() throws Exception {
        insertOldAuditRows(3_000);
        RetentionSettings batch = new RetentionSettings(days(30), days(365), days(90), Duration.ofHours(1), 100);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RetentionPurger.Purged>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> purger(batch).purgeOnce()));
            }
            int total = 0;
            for (Future<RetentionPurger.Purged> run : runs) {
                total += run.get().auditEvents();
            }
            assertThat(total).isEqualTo(3_000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("audit_events")).isZero();
    }

    @Test
    void givenAStartedPurger_whenItsIntervalPasses_thenItPurgesOnItsOwn() throws Exception {
        long old = audit(days(-400));
        try (RetentionPurger purger = purger(RetentionSettings.defaults()).start(Duration.ofMillis(50))) {
            Await.until(Duration.ofSeconds(10), () -> !ids("audit_events").contains(Long.toString(old)));
        }
        assertThat(ids("audit_events")).isEmpty();
    }

    private RetentionPurger purger(RetentionSettings settings) {
        return new RetentionPurger(persistence.jdbi(), settings, clock);
    }

    private static Duration days(long n) {
        return Duration.ofDays(n);
    }

    private UUID session(
            UUID user, Duration created, Duration idle, Duration absolute, Duration revoked, String reason) {
        UUID id = UUID.randomUUID();
        persistence
                .jdbi()
                .useHandle(h -> h.createUpdate("""
                        INSERT INTO sessions (id, user_id, current_token_id, generation, created_at, last_used_at,
                                              idle_expires_at, absolute_expires_at, revoked_at, revocation_reason,
                                              client_ip, user_agent)
                        VALUES (:id, :user, :token, 1, :created, :created, :idle, :absolute, :revoked, :reason,
                                '', '')""")
                        .bind("id", id)
                        .bind("user", user)
                        .bind("token", UUID.randomUUID())
                        .bind("created", now.plus(created))
                        .bind("idle", now.plus(idle))
                        .bind("absolute", now.plus(absolute))
                        .bindByType("revoked", revoked == null ? null : now.plus(revoked), Instant.class)
                        .bindByType("reason", reason, String.class)
                        .execute());
        return id;
    }

    private long audit(Duration at) {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        INSERT INTO audit_events (occurred_at, type, outcome, client_ip, user_agent)
                        VALUES (:at, 'login_success', 'success', '', '') RETURNING id""")
                        .bind("at", now.plus(at))
                        .mapTo(Long.class)
                        .one());
    }

    private long secretAccess(Duration at) {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("""
                        INSERT INTO secret_access_events (occurred_at, kind, name, backend, latency_ms)
                        VALUES (:at, 'fetch', 'JWT_SECRET_KEY', 'env', 1) RETURNING id""")
                        .bind("at", now.plus(at))
                        .mapTo(Long.class)
                        .one());
    }

    private void insertOldAuditRows(int n) {
        persistence
                .jdbi()
                .useHandle(h -> h.createUpdate("""
                        INSERT INTO audit_events (occurred_at, type, outcome, client_ip, user_agent)
                        SELECT :at - make_interval(secs => g), 'login_success', 'success', '', ''
                          FROM generate_series(1, :n) g""")
                        .bind("at", now.minus(days(400)))
                        .bind("n", n)
                        .execute());
    }

    private List<String> ids(String table) {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT id::text FROM " + table)
                        .mapTo(String.class)
                        .list());
    }

    private long count(String table) {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery("SELECT count(*) FROM " + table)
                        .mapTo(Long.class)
                        .one());
    }
}
