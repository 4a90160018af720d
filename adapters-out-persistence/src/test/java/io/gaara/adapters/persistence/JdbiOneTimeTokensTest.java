package io.gaara.adapters.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.gaara.application.port.out.persistence.OneTimeTokens.Purpose;
import io.gaara.domain.Email;
import io.gaara.domain.PasswordHash;
import io.gaara.domain.User;
import io.gaara.domain.UserId;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tokens' table beyond the contract: the user's deletion takes them, and the sweep deletes the expired ones. */
class JdbiOneTimeTokensTest {
    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00.123456Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PostgresPersistence persistence = SharedEmbeddedPostgres.persistence();
    private final JdbiOneTimeTokens tokens = new JdbiOneTimeTokens(persistence.jdbi());

    @BeforeEach
    void empty() {
        SharedEmbeddedPostgres.truncate(persistence);
    }

    @Test
    void givenUserWithTokens_whenTheUserRowIsDeleted_thenTheTokensGoWithIt() {
        UserId gone = storedUser();
        UserId stays = storedUser();
        tokens.issue(gone, Purpose.PASSWORD_RESET, hash(), null, NOW.plusSeconds(60), NOW);
        tokens.issue(gone, Purpose.EMAIL_CHANGE, hash(), "new@example.com", NOW.plusSeconds(60), NOW);
        tokens.issue(stays, Purpose.PASSWORD_RESET, hash(), null, NOW.plusSeconds(60), NOW);

        persistence
                .jdbi()
                .useHandle(h -> h.createUpdate("DELETE FROM users WHERE id = :id")
                        .bind("id", gone)
                        .execute());

        assertThat(count("SELECT count(*) FROM one_time_tokens WHERE user_id = '" + gone + "'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM one_time_tokens")).isEqualTo(1);
    }

    @Test
    void givenTokensSpentLiveAndExpired_whenSwept_thenTheExpiredGoWhateverTheirState() {
        UserId user = storedUser();
        byte[] spentExpired = hash();
        tokens.issue(user, Purpose.PASSWORD_RESET, spentExpired, null, NOW.plusSeconds(60), NOW);
        assertThat(tokens.spend(Purpose.PASSWORD_RESET, spentExpired, NOW)).isPresent();
        tokens.issue(user, Purpose.VERIFY_EMAIL, hash(), null, NOW.plusSeconds(60), NOW);
        byte[] spentLive = hash();
        tokens.issue(user, Purpose.EMAIL_CHANGE, spentLive, "new@example.com", NOW.plusSeconds(3600), NOW);
        assertThat(tokens.spend(Purpose.EMAIL_CHANGE, spentLive, NOW)).isPresent();
        byte[] live = hash();
        tokens.issue(user, Purpose.EMAIL_CHANGE, live, "newer@example.com", NOW.plusSeconds(3600), NOW);

        assertThat(tokens.sweep(NOW.plusSeconds(60))).isEqualTo(2);

        assertThat(count("SELECT count(*) FROM one_time_tokens")).isEqualTo(2);
        assertThat(tokens.spend(Purpose.EMAIL_CHANGE, live, NOW.plusSeconds(61)))
                .isPresent();
    }

    @Test
    void givenMoreExpiredTokensThanOneSweepStatementTakes_whenSwept_thenAllGo() {
        UserId user = storedUser();
        int rows = JdbiOneTimeTokens.SWEEP_BATCH + 3;
        persistence
                .jdbi()
                .useHandle(h -> h.createUpdate("""
                        INSERT INTO one_time_tokens (token_hash, user_id, purpose, expires_at, created_at, spent_at)
                        SELECT sha256(int4send(i)), :user, 'password_reset', :now, :now, :now
                          FROM generate_series(1, :rows) AS i""")
                        .bind("user", user)
                        .bind("now", NOW)
                        .bind("rows", rows)
                        .execute());

        assertThat(tokens.sweep(NOW.plus(Duration.ofSeconds(1)))).isEqualTo(rows);
        assertThat(count("SELECT count(*) FROM one_time_tokens")).isZero();
    }

    private UserId storedUser() {
        User user = new User(
                UserId.random(), new Email("u-" + UUID.randomUUID() + "@example.com"), new PasswordHash("$x"), NOW);
        persistence.users().add(user);
        return user.id();
    }

    private long count(String sql) {
        return persistence
                .jdbi()
                .withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }

    private static byte[] hash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return hash;
    }
}
