package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plans PostgreSQL chooses, on a seeded and analysed table, for the statements that run per user on every login and
 * every listing, and for the purge: each reads its index (V9), never the whole table nor the user's history of ended
 * sessions. The plans are logged (docs/OPERATIONS.md quotes them).
 */
class LiveSessionsPlanTest {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSessionsPlanTest.class);
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final int HISTORY = 20_000;
    private static final int OTHERS = 20_000;

    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final UUID user = UUID.randomUUID();

    @BeforeEach
    void seed() {
        SharedEmbeddedPostgres.truncate(persistence);
        persistence.jdbi().useHandle(h -> {
            // the user's long history of ended sessions, five live ones, and other users' live sessions
            insert(h, ":user", HISTORY, "now_ - make_interval(mins => g)", "'logout'");
            insert(h, ":user", 5, "NULL", "NULL");
            insert(h, "gen_random_uuid()", OTHERS, "NULL", "NULL");
            h.execute("ANALYZE sessions");
        });
    }

    @AfterEach
    void empty() {
        SharedEmbeddedPostgres.truncate(persistence);
    }

    /** {@code n} sessions started a minute apart going back from now, revoked at {@code revokedAt} (an expression). */
    private void insert(Handle h, String userId, int n, String revokedAt, String reason) {
        var update = h.createUpdate("""
                        INSERT INTO sessions (id, user_id, current_token_id, generation, created_at, last_used_at,
                                              idle_expires_at, absolute_expires_at, revoked_at, revocation_reason,
                                              client_ip, user_agent)
                        SELECT gen_random_uuid(), %s, gen_random_uuid(), 1,
                               now_ - make_interval(mins => g + 1), now_ - make_interval(mins => g + 1),
                               now_ + interval '14 days', now_ + interval '30 days', %s, %s, '', ''
                          FROM generate_series(1, :n) g,
                               (SELECT CAST(:now AS timestamptz) AS now_) t""".formatted(userId, revokedAt, reason))
                .bind("n", n)
                .bind("now", NOW);
        if (userId.equals(":user")) {
            update.bind("user", user);
        }
        update.execute();
    }

    @Test
    void givenALongHistory_whenAPageIsListed_thenOnlyTheLiveSessionsIndexIsRead() {
        String first = plan("EXPLAIN (ANALYZE, BUFFERS) " + JdbiSessionRepository.livePage(false), false);
        String next = plan("EXPLAIN (ANALYZE, BUFFERS) " + JdbiSessionRepository.livePage(true), true);

        for (String plan : List.of(first, next)) {
            assertThat(plan).contains("sessions_live_by_user_idx").doesNotContain("Seq Scan");
        }
        assertThat(first).as("reads the five live rows, not the history").contains("rows=5 loops=1");
        // for the record: the same page without V9's index, through the user_id index of V1 (rolled back)
        persistence.jdbi().useTransaction(h -> {
            h.execute("DROP INDEX sessions_live_by_user_idx");
            LOG.info(
                    "plan without sessions_live_by_user_idx:\n{}",
                    String.join(
                            "\n",
                            h.createQuery("EXPLAIN (ANALYZE, BUFFERS) " + JdbiSessionRepository.livePage(false))
                                    .bind("userId", user)
                                    .bind("now", NOW)
                                    .bind("limit", 51)
                                    .mapTo(String.class)
                                    .list()));
            h.rollback();
        });
    }

    @Test
    void givenALongHistory_whenTheCapIsChecked_thenOnlyTheLiveSessionsIndexIsRead() {
        String plan = plan("EXPLAIN " + JdbiSessionRepository.REVOKE_OLDEST_BEYOND, false);

        assertThat(plan).contains("sessions_live_by_user_idx").doesNotContain("Seq Scan on sessions");
    }

    @Test
    void givenNothingPastRetention_whenThePurgeLooks_thenItReadsItsIndexesNotTheTable() {
        Instant cutoff = NOW.minus(Duration.ofDays(30));
        String revoked = persistence
                .jdbi()
                .withHandle(h -> String.join(
                        "\n",
                        h.createQuery("EXPLAIN " + RetentionPurger.REVOKED_SESSIONS)
                                .bind("cutoff", cutoff)
                                .bind("tokensDead", NOW)
                                .bind("batch", 1000)
                                .mapTo(String.class)
                                .list()));
        String expired = persistence
                .jdbi()
                .withHandle(h -> String.join(
                        "\n",
                        h.createQuery("EXPLAIN " + RetentionPurger.EXPIRED_SESSIONS)
                                .bind("cutoff", cutoff)
                                .bind("tokensDead", NOW)
                                .bind("batch", 1000)
                                .mapTo(String.class)
                                .list()));
        LOG.info("plan of the purge of revoked sessions:\n{}", revoked);
        LOG.info("plan of the purge of expired sessions:\n{}", expired);

        assertThat(revoked).contains("sessions_revoked_at_idx").doesNotContain("Seq Scan on sessions");
        assertThat(expired).contains("sessions_unrevoked_created_at_idx").doesNotContain("Seq Scan on sessions");
    }

    private String plan(String explain, boolean after) {
        return persistence.jdbi().inTransaction(h -> {
            var query = h.createQuery(explain).bind("userId", user).bind("now", NOW);
            if (explain.contains(":limit")) {
                query.bind("limit", 51);
            } else {
                query.bind("keep", 100).bind("reason", "session_limit");
            }
            if (after) {
                query.bind("afterCreatedAt", NOW.minusSeconds(150)).bind("afterId", UUID.randomUUID());
            }
            String text = String.join("\n", query.mapTo(String.class).list());
            LOG.info("plan:\n{}", text);
            // EXPLAIN ANALYZE of an UPDATE would run it
            h.rollback();
            return text;
        });
    }
}
