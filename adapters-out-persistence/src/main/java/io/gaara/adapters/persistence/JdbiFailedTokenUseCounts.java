package io.gaara.adapters.persistence;

import io.gaara.application.port.out.persistence.FailedTokenUseCount;
import io.gaara.application.port.out.persistence.FailedTokenUseCounts;
import io.gaara.domain.FailedTokenUse;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The security log's counts in {@code failed_token_use}: one multi-row upsert per call, so a batch is added whole or
 * not at all, and a count that meets a stored one adds to it under the row lock, whichever instance wrote either. Rows
 * are upserted in key order, so two instances adding overlapping batches lock them in one order and cannot deadlock.
 */
final class JdbiFailedTokenUseCounts implements FailedTokenUseCounts {
    /** Instants travel as microseconds since the epoch: exact, and an array of them binds as one {@code bigint[]}. */
    private static final String ADD = """
            INSERT INTO failed_token_use AS f (minute, client_ip, kind, count, first_seen, last_seen)
            SELECT timestamptz 'epoch' + t.minute_us * interval '1 microsecond', t.client_ip, t.kind, t.count,
                   timestamptz 'epoch' + t.first_us * interval '1 microsecond',
                   timestamptz 'epoch' + t.last_us * interval '1 microsecond'
              FROM unnest(CAST(:minuteUs AS bigint[]), CAST(:ips AS text[]), CAST(:kinds AS text[]),
                          CAST(:counts AS bigint[]), CAST(:firstUs AS bigint[]), CAST(:lastUs AS bigint[]))
                   AS t(minute_us, client_ip, kind, count, first_us, last_us)
             ORDER BY t.minute_us, t.kind COLLATE "C", t.client_ip COLLATE "C"
            ON CONFLICT (minute, kind, client_ip) DO UPDATE SET
                count = f.count + EXCLUDED.count,
                first_seen = LEAST(f.first_seen, EXCLUDED.first_seen),
                last_seen = GREATEST(f.last_seen, EXCLUDED.last_seen)""";

    private static final String SINCE = """
            SELECT minute, client_ip, kind, count, first_seen, last_seen FROM failed_token_use
             WHERE minute >= :since
             ORDER BY minute, kind COLLATE "C", client_ip COLLATE "C\"""";

    private record Key(Instant minute, String kind, String clientIp) {}

    private static final Comparator<Key> ORDER =
            Comparator.comparing(Key::minute).thenComparing(Key::kind).thenComparing(Key::clientIp);

    private final OutageTranslatingJdbi jdbi;

    JdbiFailedTokenUseCounts(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public void add(Collection<FailedTokenUseCount> counts) {
        if (counts.isEmpty()) {
            return;
        }
        // one statement cannot update a row twice: a key given twice is added up here first
        Map<Key, FailedTokenUseCount> merged = new TreeMap<>(ORDER);
        for (FailedTokenUseCount c : counts) {
            merged.merge(new Key(c.minute(), c.kind().code(), c.clientIp()), c, JdbiFailedTokenUseCounts::sum);
        }
        int n = merged.size();
        Long[] minuteUs = new Long[n];
        String[] ips = new String[n];
        String[] kinds = new String[n];
        Long[] sums = new Long[n];
        Long[] firstUs = new Long[n];
        Long[] lastUs = new Long[n];
        int i = 0;
        for (FailedTokenUseCount c : merged.values()) {
            minuteUs[i] = micros(c.minute());
            ips[i] = c.clientIp();
            kinds[i] = c.kind().code();
            sums[i] = c.count();
            firstUs[i] = micros(c.firstSeen());
            lastUs[i] = micros(c.lastSeen());
            i++;
        }
        jdbi.useHandle(h -> h.createUpdate(ADD)
                .bind("minuteUs", minuteUs)
                .bind("ips", ips)
                .bind("kinds", kinds)
                .bind("counts", sums)
                .bind("firstUs", firstUs)
                .bind("lastUs", lastUs)
                .execute());
    }

    @Override
    public List<FailedTokenUseCount> since(Instant since) {
        return jdbi.withHandle(h -> h.createQuery(SINCE)
                .bind("since", since)
                .map(JdbiFailedTokenUseCounts::row)
                .list());
    }

    private static FailedTokenUseCount row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new FailedTokenUseCount(
                Timestamps.fromDb(rs, "minute"),
                rs.getString("client_ip"),
                FailedTokenUse.fromCode(rs.getString("kind")),
                rs.getLong("count"),
                Timestamps.fromDb(rs, "first_seen"),
                Timestamps.fromDb(rs, "last_seen"));
    }

    private static FailedTokenUseCount sum(FailedTokenUseCount a, FailedTokenUseCount b) {
        return new FailedTokenUseCount(
                a.minute(),
                a.clientIp(),
                a.kind(),
                a.count() + b.count(),
                a.firstSeen().isBefore(b.firstSeen()) ? a.firstSeen() : b.firstSeen(),
                a.lastSeen().isAfter(b.lastSeen()) ? a.lastSeen() : b.lastSeen());
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
