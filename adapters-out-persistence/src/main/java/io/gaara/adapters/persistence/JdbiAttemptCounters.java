package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.AttemptCounter;
import io.gaara.application.port.out.persistence.AttemptCounters;
import io.gaara.domain.ThrottlePolicy.Backoff;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The counters in {@code attempt_counters}. A failure is one multi-row upsert that increments every key and computes
 * its block in SQL from the count it just wrote, under the row lock: concurrent failures on any instance each see their
 * own count and none is lost. Keys are upserted in sorted order, so two calls sharing keys cannot deadlock. Every
 * method turns an unreachable database into {@code TemporarilyUnavailableException}.
 */
final class JdbiAttemptCounters implements AttemptCounters {
    private static final String COLUMNS = "key, attempts, blocked_until, expires_at";
    /**
     * The block after the {@code n}-th failure, the same formula as {@code Backoff.waitAfter}: none while failures are
     * free, then the first wait doubled per failure up to the longest, in whole microseconds; numeric cannot overflow.
     */
    private static final String BLOCK_AFTER = """
            CASE WHEN (%1$s) <= %2$s.free THEN NULL
                 ELSE CAST(:now AS timestamptz) + interval '1 microsecond'
                      * LEAST(%2$s.max_us, %2$s.first_us * power(2::numeric, LEAST((%1$s) - %2$s.free - 1, 62)))::bigint
            END""";

    private static final String NEXT_COUNT = "CASE WHEN c.expires_at <= :now THEN 1 ELSE c.attempts + 1 END";
    private static final String RECORD_FAILURE =
            recordFailure(BLOCK_AFTER.formatted("1", "input"), BLOCK_AFTER.formatted(NEXT_COUNT, "input"));
    /** Updates nothing (and returns no row) once the window holds {@code limit} uses: a refusal writes nothing. */
    private static final String ACQUIRE = """
            INSERT INTO attempt_counters AS c (key, attempts, blocked_until, expires_at)
            VALUES (:key, 1, NULL, :windowEnd)
            ON CONFLICT (key) DO UPDATE SET
                attempts = %s,
                expires_at = CASE WHEN c.expires_at <= :now THEN EXCLUDED.expires_at ELSE c.expires_at END
            WHERE c.expires_at <= :now OR c.attempts < :limit
            RETURNING c.attempts""".formatted(NEXT_COUNT);
    /** Rows another sweeper (or an upsert) holds are skipped, not waited for: sweepers never deadlock each other. */
    private static final String SWEEP = """
            DELETE FROM attempt_counters
             WHERE key IN (SELECT key FROM attempt_counters WHERE expires_at <= :now FOR UPDATE SKIP LOCKED)
               AND expires_at <= :now""";
    /** Attempts at an acquisition that keeps racing a window's expiry before giving up with a refusal. */
    private static final int ACQUIRE_TRIES = 3;

    private final OutageTranslatingJdbi jdbi;

    JdbiAttemptCounters(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    private static String recordFailure(String firstBlock, String nextBlock) {
        String sql = """
                WITH input AS (
                    SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:free AS integer[]),
                                         CAST(:firstUs AS bigint[]), CAST(:maxUs AS bigint[]))
                               AS t(key, free, first_us, max_us)
                )
                INSERT INTO attempt_counters AS c (key, attempts, blocked_until, expires_at)
                SELECT input.key, 1, %s, :expiresAt FROM input ORDER BY input.key
                ON CONFLICT (key) DO UPDATE SET
                    attempts = %s,
                    blocked_until = (SELECT %s FROM input WHERE input.key = c.key),
                    expires_at = EXCLUDED.expires_at
                RETURNING c.key, c.attempts, c.blocked_until, c.expires_at""";
        return sql.formatted(firstBlock, NEXT_COUNT, nextBlock);
    }

    @Override
    public Map<String, AttemptCounter> read(Collection<String> keys, Instant now) {
        List<Map.Entry<String, AttemptCounter>> rows = jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM attempt_counters" + " WHERE key = ANY(CAST(:keys AS text[])) AND expires_at > :now")
                .bind("keys", keys.toArray(String[]::new))
                .bind("now", now)
                .map(JdbiAttemptCounters::row)
                .list());
        return toMap(rows);
    }

    @Override
    public Map<String, AttemptCounter> recordFailure(Map<String, Backoff> keys, Duration forgetAfter, Instant now) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<String> names = new ArrayList<>(keys.keySet());
        Integer[] free = new Integer[names.size()];
        Long[] firstUs = new Long[names.size()];
        Long[] maxUs = new Long[names.size()];
        for (int i = 0; i < names.size(); i++) {
            Backoff backoff = keys.get(names.get(i));
            free[i] = backoff.freeFailures();
            firstUs[i] = micros(backoff.firstWait());
            maxUs[i] = micros(backoff.maxWait());
        }
        List<Map.Entry<String, AttemptCounter>> rows = jdbi.withHandle(h -> h.createQuery(RECORD_FAILURE)
                .bind("keys", names.toArray(String[]::new))
                .bind("free", free)
                .bind("firstUs", firstUs)
                .bind("maxUs", maxUs)
                .bind("now", now)
                .bind("expiresAt", now.plus(forgetAfter))
                .map(JdbiAttemptCounters::row)
                .list());
        return toMap(rows);
    }

    @Override
    public void clear(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM attempt_counters WHERE key = ANY(CAST(:keys AS text[]))")
                .bind("keys", keys.toArray(String[]::new))
                .execute());
    }

    @Override
    public Optional<Instant> tryAcquire(String key, int limit, Duration window, Instant now) {
        for (int tries = 0; tries < ACQUIRE_TRIES; tries++) {
            boolean counted = jdbi.withHandle(h -> h.createQuery(ACQUIRE)
                            .bind("key", key)
                            .bind("windowEnd", now.plus(window))
                            .bind("now", now)
                            .bind("limit", limit)
                            .mapTo(Integer.class)
                            .findOne())
                    .isPresent();
            if (counted) {
                return Optional.empty();
            }
            // refused: the window's end, unless the window expired (or was swept) between the two statements
            Optional<Instant> windowEnd = jdbi.withHandle(
                    h -> h.createQuery("SELECT expires_at FROM attempt_counters WHERE key = :key AND expires_at > :now")
                            .bind("key", key)
                            .bind("now", now)
                            .mapTo(Instant.class)
                            .findOne());
            if (windowEnd.isPresent()) {
                return windowEnd;
            }
        }
        return Optional.of(now.plus(window));
    }

    @Override
    public int sweep(Instant now) {
        return jdbi.withHandle(h -> h.createUpdate(SWEEP).bind("now", now).execute());
    }

    private static Map.Entry<String, AttemptCounter> row(ResultSet rs, StatementContext ctx) throws SQLException {
        return Map.entry(
                rs.getString("key"),
                new AttemptCounter(
                        rs.getInt("attempts"),
                        Timestamps.fromDb(rs, "blocked_until"),
                        Timestamps.fromDb(rs, "expires_at")));
    }

    private static Map<String, AttemptCounter> toMap(List<Map.Entry<String, AttemptCounter>> rows) {
        Map<String, AttemptCounter> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put(row.getKey(), row.getValue()));
        return byKey;
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }
}
