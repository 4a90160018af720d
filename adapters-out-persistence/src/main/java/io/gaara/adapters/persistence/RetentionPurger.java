package io.gaara.adapters.persistence;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is past its retention ({@link RetentionSettings}): ended sessions (account tombstones included), audit
 * events, secret-access rows. In batches of {@link RetentionSettings#batchSize()} rows, each one statement in its own
 * short transaction, so a purge never holds many locks nor holds them long, and at most {@link #MAX_BATCHES_PER_RUN}
 * batches per table and run, so a first purge over years of rows is spread over several runs. As with the other
 * sweepers, every instance runs one: the deletes are idempotent and skip rows another transaction holds ({@code SKIP
 * LOCKED}), so two instances purging at once share the work instead of waiting on each other. A failed purge is logged
 * and tried again next time; one table's failure does not stop the others.
 *
 * <p>A session row is kept, whatever the retention, until no refresh token of it can still verify (its last idle
 * deadline, which is every token's expiry, plus {@link #TOKEN_SKEW}): a token presented later must still meet its
 * revoked session, never a missing row, for as long as it would be accepted as genuine.
 *
 * <p>Each delete picks its batch first ({@code = ANY (ARRAY(...))}, an init plan) and then deletes by key, so no plan
 * can turn a batch into a scan of the whole table.
 */
final class RetentionPurger implements AutoCloseable {
    static final int MAX_BATCHES_PER_RUN = 100;
    /** At least the JWT verifiers' largest allowed clock skew (30 s): a token is not accepted past this. */
    static final Duration TOKEN_SKEW = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPurger.class);

    static final String REVOKED_SESSIONS = """
            DELETE FROM sessions WHERE id = ANY (ARRAY(
                SELECT id FROM sessions
                 WHERE revoked_at < :cutoff AND idle_expires_at < :tokensDead
                 ORDER BY revoked_at
                 LIMIT :batch
                   FOR UPDATE SKIP LOCKED))""";
    /**
     * {@code created_at < :cutoff} follows from the rest; it lets the purge walk
     * {@code sessions_unrevoked_created_at_idx}.
     */
    static final String EXPIRED_SESSIONS = """
            DELETE FROM sessions WHERE id = ANY (ARRAY(
                SELECT id FROM sessions
                 WHERE revoked_at IS NULL AND created_at < :cutoff
                   AND LEAST(idle_expires_at, absolute_expires_at) < :cutoff
                   AND idle_expires_at < :tokensDead
                 LIMIT :batch
                   FOR UPDATE SKIP LOCKED))""";

    static final String AUDIT_EVENTS = """
            DELETE FROM audit_events WHERE id = ANY (ARRAY(
                SELECT id FROM audit_events WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :batch
                   FOR UPDATE SKIP LOCKED))""";
    static final String SECRET_ACCESS_EVENTS = """
            DELETE FROM secret_access_events WHERE id = ANY (ARRAY(
                SELECT id FROM secret_access_events WHERE occurred_at < :cutoff ORDER BY occurred_at LIMIT :batch
                   FOR UPDATE SKIP LOCKED))""";

    /** What one run deleted, per table, and in how many statements. */
    record Purged(int sessions, int auditEvents, int secretAccessEvents, int statements) {
        int total() {
            return sessions + auditEvents + secretAccessEvents;
        }
    }

    private final Jdbi jdbi;
    private final RetentionSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;

    RetentionPurger(Jdbi jdbi, RetentionSettings settings, Clock clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "gaara-retention-purger");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Purges every {@link RetentionSettings#interval()}, the first time one interval from now. */
    RetentionPurger start() {
        return start(settings.interval());
    }

    /** Purges every {@code interval}, the first time one interval from now (tests use a short one). */
    RetentionPurger start(Duration interval) {
        long every = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::purgeOnceLogged, every, every, TimeUnit.MILLISECONDS);
        return this;
    }

    /** One run over the three tables, as the schedule runs it. */
    Purged purgeOnce() {
        Instant now = clock.instant();
        Instant tokensDead = now.minus(TOKEN_SKEW);
        int[] statements = {0};
        Instant sessionCutoff = now.minus(settings.sessions());
        int sessions = purge("ended sessions", REVOKED_SESSIONS, sessionCutoff, tokensDead, statements)
                + purge("expired sessions", EXPIRED_SESSIONS, sessionCutoff, tokensDead, statements);
        int audit = purge("audit events", AUDIT_EVENTS, now.minus(settings.audit()), tokensDead, statements);
        int secrets = purge(
                "secret-access events",
                SECRET_ACCESS_EVENTS,
                now.minus(settings.secretAccess()),
                tokensDead,
                statements);
        return new Purged(sessions, audit, secrets, statements[0]);
    }

    private void purgeOnceLogged() {
        Purged purged = purgeOnce();
        if (purged.total() > 0) {
            LOG.info(
                    "purged past retention: {} sessions, {} audit events, {} secret-access events",
                    purged.sessions(),
                    purged.auditEvents(),
                    purged.secretAccessEvents());
        }
    }

    private int purge(String what, String sql, Instant cutoff, Instant tokensDead, int[] statements) {
        int total = 0;
        try {
            for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
                int deleted = jdbi.withHandle(h -> {
                    var update = h.createUpdate(sql).bind("cutoff", cutoff).bind("batch", settings.batchSize());
                    if (sql.contains(":tokensDead")) {
                        update.bind("tokensDead", tokensDead);
                    }
                    return update.execute();
                });
                statements[0]++;
                total += deleted;
                if (deleted < settings.batchSize()) {
                    return total;
                }
            }
            LOG.info("purging {}: {} rows this run, more left for the next", what, total);
        } catch (RuntimeException e) {
            LOG.warn(
                    "purging {} failed after {} rows ({}); trying again later",
                    what,
                    total,
                    e.getClass().getSimpleName());
        }
        return total;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
