package io.gaara.adapters.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gaara.application.port.out.email.EmailOutbox;
import io.gaara.application.port.out.email.EmailTemplate;
import io.gaara.application.port.out.email.OutboxEmail;
import io.gaara.domain.Email;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The outbox in {@code email_outbox}. {@link #enqueue} runs on the handle of the caller's transaction (Jdbi binds it to
 * the thread, as for every repository), so the message commits or rolls back with the token it carries. A claim is one
 * {@code UPDATE} over a {@code SELECT … FOR UPDATE SKIP LOCKED}: a row another claim holds is skipped rather than
 * waited for, and the lease it writes keeps the row from every later claim until the lease runs out, so two instances
 * never claim one message while its lease runs. A finished message (sent or failed) stays finished and holds no values.
 * Every method turns an unreachable database into {@code TemporarilyUnavailableException}.
 */
final class JdbiEmailOutbox implements EmailOutbox {
    /** Rows deleted by one statement of a sweep: each stays well within the statement timeout. */
    static final int SWEEP_BATCH = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() {};
    private static final String[] KNOWN_TEMPLATES =
            Arrays.stream(EmailTemplate.values()).map(Enum::name).toArray(String[]::new);

    /**
     * Templates this instance cannot render (written by a newer one during a rollout) are left for an instance that
     * can. {@code attempts} counts the claim; what the caller sees is the attempts made before it.
     */
    private static final String CLAIM = """
            UPDATE email_outbox
               SET attempts = attempts + 1, lease_until = :leaseUntil
             WHERE id IN (SELECT id FROM email_outbox
                           WHERE status = 'pending' AND next_attempt_at <= :now
                             AND (lease_until IS NULL OR lease_until <= :now)
                             AND template = ANY(CAST(:templates AS text[]))
                           ORDER BY next_attempt_at, id
                           LIMIT :max
                           FOR UPDATE SKIP LOCKED)
            RETURNING id, recipient, template, params::text AS params, attempts - 1 AS attempts_before,
                      next_attempt_at, enqueued_at""";

    /** A finished message stays finished: a late report from a worker whose lease ran out changes nothing. */
    private static final String MARK_SENT = """
            UPDATE email_outbox
               SET status = 'sent', sent_at = :now, params = '{}'::jsonb, lease_until = NULL
             WHERE id = :id AND status = 'pending'""";

    private final OutageTranslatingJdbi jdbi;

    JdbiEmailOutbox(Jdbi jdbi) {
        this.jdbi = new OutageTranslatingJdbi(jdbi);
    }

    @Override
    public void enqueue(OutboxEmail email, Instant now) {
        String params = toJson(email.params());
        jdbi.useHandle(h -> h.createUpdate("""
                        INSERT INTO email_outbox (recipient, template, params, next_attempt_at, enqueued_at)
                        VALUES (:recipient, :template, CAST(:params AS jsonb), :now, :now)""")
                .bind("recipient", email.to().value())
                .bind("template", email.template().name())
                .bind("params", params)
                .bind("now", now)
                .execute());
    }

    @Override
    public List<ClaimedEmail> claimDue(int max, Instant now, Duration lease) {
        if (max < 1) {
            throw new IllegalArgumentException("a claim takes at least one message");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("a lease is longer than zero");
        }
        List<Claimed> claimed = jdbi.withHandle(h -> h.createQuery(CLAIM)
                .bind("now", now)
                .bind("leaseUntil", now.plus(lease))
                .bind("templates", KNOWN_TEMPLATES)
                .bind("max", max)
                .map(JdbiEmailOutbox::claimed)
                .list());
        // RETURNING keeps no order: due order, as the claim chose them
        return claimed.stream()
                .sorted(Comparator.comparing(Claimed::due)
                        .thenComparing(c -> c.email().id()))
                .map(Claimed::email)
                .toList();
    }

    @Override
    public void markSent(long id, Instant now) {
        jdbi.useHandle(
                h -> h.createUpdate(MARK_SENT).bind("id", id).bind("now", now).execute());
    }

    @Override
    public void markRetry(long id, Instant nextAttempt, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE email_outbox
                           SET next_attempt_at = :nextAttempt, lease_until = NULL, last_error = :error
                         WHERE id = :id AND status = 'pending'""")
                .bind("id", id)
                .bind("nextAttempt", nextAttempt)
                .bindByType("error", shortError(error), String.class)
                .execute());
    }

    @Override
    public void markFailed(long id, Instant now, String error) {
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE email_outbox
                           SET status = 'failed', failed_at = :now, params = '{}'::jsonb, lease_until = NULL,
                               last_error = :error
                         WHERE id = :id AND status = 'pending'""")
                .bind("id", id)
                .bind("now", now)
                .bindByType("error", shortError(error), String.class)
                .execute());
    }

    @Override
    public OutboxCounts counts() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
                               count(*) FILTER (WHERE status = 'sent') AS sent,
                               count(*) FILTER (WHERE status = 'failed') AS failed
                          FROM email_outbox""")
                .map((rs, ctx) -> new OutboxCounts(rs.getLong("pending"), rs.getLong("sent"), rs.getLong("failed")))
                .one());
    }

    /**
     * Deletes messages that finished (sent or failed) at or before {@code finishedBefore}, a batch per statement, rows
     * another sweeper holds skipped; pending messages are never deleted. Returns how many went.
     */
    int sweep(Instant finishedBefore) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbi.withHandle(h -> h.createUpdate("""
                            DELETE FROM email_outbox
                             WHERE id IN (SELECT id FROM email_outbox
                                           WHERE status <> 'pending' AND COALESCE(sent_at, failed_at) <= :before
                                           LIMIT :batch
                                           FOR UPDATE SKIP LOCKED)""")
                    .bind("before", finishedBefore)
                    .bind("batch", SWEEP_BATCH)
                    .execute());
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        return total;
    }

    /**
     * One line of at most {@link #MAX_ERROR_LENGTH} characters (the column's check says the same): the text is the
     * caller's (a provider's reason), so a line break must not reach a log line that prints it, and a NUL (which
     * PostgreSQL's text refuses) must not cost the row its update.
     */
    static String shortError(String error) {
        if (error == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        error.codePoints().limit(MAX_ERROR_LENGTH).forEach(cp -> out.appendCodePoint(breaksALine(cp) ? ' ' : cp));
        return out.toString();
    }

    /** C0 and C1 controls (CR, LF, NEL, NUL, ESC...) and the Unicode line and paragraph separators. */
    private static boolean breaksALine(int cp) {
        return Character.isISOControl(cp)
                || Character.getType(cp) == Character.LINE_SEPARATOR
                || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR;
    }

    private static String toJson(Map<String, String> params) {
        try {
            return JSON.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            // a map of strings always serializes; not chained, as below
            throw new IllegalStateException(
                    "cannot write the message's values as JSON (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, String> fromJson(String json) {
        try {
            return JSON.readValue(json, PARAMS);
        } catch (JsonProcessingException e) {
            // not chained: the parser's message may quote the values, a token among them
            throw new IllegalStateException("an outbox row's values are not a JSON object of strings ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static Claimed claimed(ResultSet rs, StatementContext ctx) throws SQLException {
        OutboxEmail email = new OutboxEmail(
                new Email(rs.getString("recipient")),
                EmailTemplate.valueOf(rs.getString("template")),
                fromJson(rs.getString("params")));
        return new Claimed(
                new ClaimedEmail(
                        rs.getLong("id"), email, rs.getInt("attempts_before"), Timestamps.fromDb(rs, "enqueued_at")),
                Timestamps.fromDb(rs, "next_attempt_at"));
    }

    private record Claimed(ClaimedEmail email, Instant due) {}
}
